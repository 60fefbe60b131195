import { execFileSync } from "node:child_process";
import os from "node:os";

const hasTaskset = (): boolean => {
  try {
    execFileSync("taskset", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

/**
 * On a machine with two cores or more (and `taskset`), pins this process (the load
 * generator) to core 0 and returns 1, the core the servers get; otherwise returns `null`
 * and leaves placement to the scheduler.
 */
export function pinLoadGenerator(): number | null {
  if (os.cpus().length < 2 || !hasTaskset()) return null;
  execFileSync("taskset", ["-a", "-cp", "0", String(process.pid)], { stdio: "ignore" });
  return 1;
}
