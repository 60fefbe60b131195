/**
 * A real Redis Sentinel for tests: `redis-server <conf> --sentinel` on a free loopback port,
 * in a temporary directory (Sentinel rewrites its configuration file), watching one master
 * under the name `mymaster`. Stopped, and its directory removed, by `close()`.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { freePort } from "./free-port.ts";

const REDIS_SERVER = process.env.REDIS_SERVER ?? "/usr/bin/redis-server";

export interface RedisSentinel {
  /** For ioredis's `sentinels` option. */
  readonly sentinels: readonly { host: string; port: number }[];
  /** The name the master is monitored under. */
  readonly name: string;
  close(): Promise<void>;
}

/** Starts a Sentinel watching the master on `masterPort`, once it knows that master. */
export async function startRedisSentinel(masterPort: number): Promise<RedisSentinel> {
  const dir = mkdtempSync(join(tmpdir(), "jwt-extended-sentinel-"));
  const port = await freePort();
  const conf = join(dir, "sentinel.conf");
  writeFileSync(
    conf,
    [
      `port ${port}`,
      "bind 127.0.0.1",
      `dir ${dir}`,
      `sentinel monitor mymaster 127.0.0.1 ${masterPort} 1`,
      "sentinel down-after-milliseconds mymaster 2000",
      "",
    ].join("\n"),
  );
  const child = spawn(REDIS_SERVER, [conf, "--sentinel"], { stdio: "ignore" });
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const probe = new Redis({ port, host: "127.0.0.1", lazyConnect: true, retryStrategy: () => 50 });
  probe.on("error", () => {});
  try {
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        const master = await probe.call("SENTINEL", "get-master-addr-by-name", "mymaster");
        if (Array.isArray(master) && Number(master[1]) === masterPort) break;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) throw new Error("redis sentinel did not start");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (error) {
    await close();
    throw error;
  } finally {
    probe.disconnect();
  }
  return { sentinels: [{ host: "127.0.0.1", port }], name: "mymaster", close };
}
