import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import os from "node:os";
import { freePorts } from "../../test/helpers/free-port.ts";
import { benchFile, childEnv, TSX_FLAGS } from "../child-process.ts";
import type { Contender } from "./contenders.ts";

/** A bench server running in a process of its own. */
export interface RunningServer {
  readonly contender: Contender;
  readonly url: string;
  /** The CPU time (user + system) the server process has used so far, in microseconds. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

/** Generous: on a busy machine, a framework with a large module graph starts slowly. */
const READY_TIMEOUT_MS = 120_000;

/**
 * With `BENCH_CPU_PROF=<dir>` set, our servers run under `node --cpu-prof` and write their
 * profile to `<dir>/<contender>/` when stopped: where a request's time goes, under the bench's own load.
 */
const profileFlags = (contender: Contender): string[] => {
  const dir = process.env.BENCH_CPU_PROF;
  if (dir === undefined || contender.role !== "ours") return [];
  return ["--cpu-prof", `--cpu-prof-dir=${dir}/${contender.id.replaceAll("/", "-")}`];
};

/** Every core: the runner is pinned to the load generator's, and its children would inherit it. */
const ALL_CPUS = `0-${os.availableParallelism() - 1}`;

/**
 * Starts a contender's server on `port` and resolves once it listens. With `cpu` set (and
 * `taskset` present) the server starts on every core (starting is the slow part of a quick
 * run), then, once it listens, all its threads are pinned to that core, so that it never
 * competes with the load generator for one.
 */
function startServer(
  contender: Contender,
  port: number,
  cpu: number | null,
): Promise<RunningServer> {
  const node = [
    process.execPath,
    ...profileFlags(contender),
    ...TSX_FLAGS,
    benchFile(contender.script),
  ];
  const command = cpu === null ? node : ["taskset", "-c", ALL_CPUS, ...node];
  const child = spawn(command[0] as string, command.slice(1), {
    env: childEnv(
      { PORT: String(port), NODE_ENV: "production" },
      { cache: contender.cache !== false },
    ),
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error("did not start in time")), READY_TIMEOUT_MS);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill();
      reject(new Error(`${contender.id}: ${error.message}`));
    };
    child.once("error", fail);
    child.once("exit", (code) => fail(new Error(`exited with ${code}`)));
    child.once("message", () => {
      clearTimeout(timer);
      child.removeAllListeners("exit");
      if (cpu !== null) {
        execFileSync("taskset", ["-a", "-cp", String(cpu), String(child.pid)], { stdio: "ignore" });
      }
      resolve({
        contender,
        url: `http://127.0.0.1:${port}`,
        cpuMicros: () => askCpu(child),
        stop: () => stopChild(child),
      });
    });
  });
}

function askCpu(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once("message", (message) => resolve((message as { cpuMicros: number }).cpuMicros));
    child.send("cpu");
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill();
  });
}

/** Starts the servers of several contenders at once, each on a free port; all or none. */
export async function startServers(
  contenders: readonly Contender[],
  cpu: number | null,
): Promise<RunningServer[]> {
  const ports = await freePorts(contenders.length);
  const started = await Promise.allSettled(
    contenders.map((contender, index) => startServer(contender, ports[index] as number, cpu)),
  );
  const servers = started.flatMap((outcome) =>
    outcome.status === "fulfilled" ? [outcome.value] : [],
  );
  const failure = started.find((outcome) => outcome.status === "rejected");
  if (failure !== undefined) {
    await Promise.all(servers.map((server) => server.stop()));
    throw failure.reason;
  }
  return servers;
}
