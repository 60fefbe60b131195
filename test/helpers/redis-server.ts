/**
 * A real redis-server (Debian's /usr/bin/redis-server) for tests: its own process on a free
 * loopback port, in a temporary directory, with no persistence, stopped at the end. It can
 * be stopped and started again on the same port, or frozen (SIGSTOP) to play a server that
 * hangs without closing its connections.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.ts";
import type { ServerProcess } from "./server-process.ts";

const REDIS_SERVER = process.env.REDIS_SERVER ?? "/usr/bin/redis-server";

/** A redis-server started by `startRedisServer`: restarted, it is empty (nothing is persisted). */
export interface RedisServer extends ServerProcess {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
}

/** Sends PING until the server answers PONG, or fails after `timeoutMs`. */
async function waitForPong(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answered = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      const finish = (ok: boolean): void => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(500, () => finish(false));
      socket.once("error", () => finish(false));
      socket.once("data", (data) => finish(data.toString().startsWith("+PONG")));
      socket.connect(port, "127.0.0.1", () => socket.write("PING\r\n"));
    });
    if (answered) return;
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/**
 * Starts a redis-server for one test file; `close()` it in `afterAll`. `args` are added to
 * its command line (`--cluster-enabled yes` …); relative paths in them are in its directory.
 */
export async function startRedisServer(
  options: { args?: readonly string[] } = {},
): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), "jwt-extended-redis-"));
  const port = await freePort();
  let child: ChildProcess | undefined;
  let output = "";

  const start = async (): Promise<void> => {
    output = "";
    const args = [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dir,
      "--save",
      "",
      "--appendonly",
      "no",
      "--daemonize",
      "no",
      "--logfile",
      "",
      ...(options.args ?? []),
    ];
    const process = spawn(REDIS_SERVER, args, { stdio: ["ignore", "pipe", "pipe"] });
    process.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    process.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child = process;
    try {
      await waitForPong(port, 10_000);
    } catch (error) {
      process.kill("SIGKILL");
      throw new Error(`${(error as Error).message}:\n${output}`);
    }
  };

  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running) return;
    running.kill("SIGCONT");
    running.kill("SIGTERM");
    await exited(running);
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop,
    freeze: () => child?.kill("SIGSTOP"),
    thaw: () => child?.kill("SIGCONT"),
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
