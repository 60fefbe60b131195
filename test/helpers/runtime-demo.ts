/**
 * The demo of `examples/jwt-locations/runtimes` served by another runtime (Bun, Deno,
 * workerd) as a child process on a free loopback port: started with a `JWT_*` record,
 * waited for until it answers, and killed (with everything it started) on close.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleDemo } from "../../examples/jwt-locations/runtimes/bundle.ts";
import { demoEnvOf, workerdArgs } from "../../examples/jwt-locations/runtimes/workerd/start.ts";
import type { RunningDemo } from "./demo-server.ts";
import { freePort } from "./free-port.ts";

export type DemoRuntime = "bun" | "deno" | "workerd";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const binary = (name: string): string => join(ROOT, "node_modules", ".bin", name);

/** How long a runtime may take to answer its first request, on a slow, busy machine. */
const STARTUP_LIMIT_MS = 60_000;
const ATTEMPTS = 3;

/** The most a `startRuntimeDemo` call can take: give it to the `beforeAll` that starts one. */
export const RUNTIME_START_TIMEOUT_MS = ATTEMPTS * (STARTUP_LIMIT_MS + 15_000);

const bundles = new Map<"deno" | "workerd", Promise<string>>();
const bundleDirs: string[] = [];

/** The runtime's bundle of the demo, built once per test file into a temporary folder. */
function bundled(runtime: "deno" | "workerd"): Promise<string> {
  let bundle = bundles.get(runtime);
  if (!bundle) {
    const dir = mkdtempSync(join(tmpdir(), `jwt-extended-${runtime}-`));
    bundleDirs.push(dir);
    bundle = bundleDemo(runtime, dir);
    bundles.set(runtime, bundle);
  }
  return bundle;
}

async function commandFor(
  runtime: DemoRuntime,
  port: number,
  env: Record<string, string>,
): Promise<{ command: string; args: string[]; env: Record<string, string> }> {
  switch (runtime) {
    case "bun":
      return { command: binary("bun"), args: ["examples/jwt-locations/runtimes/bun.ts"], env };
    case "deno":
      return {
        command: binary("deno"),
        args: ["run", "--allow-env", "--allow-net", await bundled("deno")],
        env,
      };
    case "workerd": {
      const config = join(dirname(await bundled("workerd")), "config.capnp");
      return {
        command: binary("workerd"),
        args: workerdArgs(config, "127.0.0.1", port),
        env: { DEMO_ENV: demoEnvOf(env) },
      };
    }
  }
}

/** The test runner's environment without its own `JWT_*` settings. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith("JWT_")) env[name] = value;
  }
  return env;
}

const running = new Set<ChildProcess>();

/** Kills the child's whole process group (the runtime and whatever it started). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Removes the bundles this file built; call it once its demos are closed (in `afterAll`). */
export function removeRuntimeBundles(): void {
  for (const dir of bundleDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  bundles.clear();
}

// A test run that ends early (an interrupted run, a crashed worker) leaves no runtime behind.
process.once("exit", () => {
  for (const child of running) killGroup(child, "SIGKILL");
  removeRuntimeBundles();
});

function stop(child: ChildProcess): Promise<void> {
  running.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const forced = setTimeout(() => killGroup(child, "SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(forced);
      resolve();
    });
    killGroup(child, "SIGTERM");
  });
}

/** Resolves once `url` answers any HTTP response; rejects when the child exits or time runs out. */
async function answering(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_LIMIT_MS;
  const exited = new Promise<never>((_, reject) => {
    child.once("exit", (code, signal) =>
      reject(new Error(`exited (${signal ?? code}) before answering:\n${output()}`)),
    );
  });
  exited.catch(() => {});
  while (Date.now() < deadline) {
    const attempt = fetch(url, { signal: AbortSignal.timeout(5_000) }).then(
      async (res) => {
        await res.arrayBuffer();
        return true;
      },
      () => false,
    );
    if (await Promise.race([attempt, exited])) return;
    // Poll again at once the runtime's listen socket may be up; a short pause between tries.
    await Promise.race([new Promise((resolve) => setTimeout(resolve, 100)), exited]);
  }
  throw new Error(`did not answer within ${STARTUP_LIMIT_MS / 1000} s:\n${output()}`);
}

/**
 * Starts the runtime's demo (`FRAMEWORK=framework`) with `env` over the test secret, on a
 * free loopback port. A port taken between choosing it and listening is tried again.
 */
export async function startRuntimeDemo(options: {
  runtime: DemoRuntime;
  framework: string;
  env?: Record<string, string>;
}): Promise<RunningDemo> {
  const demoEnv = {
    JWT_SECRET_KEY: "test-secret-that-is-long-enough-for-hs256!",
    ...options.env,
    FRAMEWORK: options.framework,
  };
  let lastError: unknown;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = await freePort();
    const { command, args, env } = await commandFor(options.runtime, port, demoEnv);
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...baseEnv(), ...env, PORT: String(port), HOST: "127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    running.add(child);
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-4000);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    const url = `http://127.0.0.1:${port}`;
    try {
      await answering(`${url}/`, child, () => output);
      return { url, close: () => stop(child) };
    } catch (error) {
      lastError = error;
      await stop(child);
    }
  }
  throw new Error(`${options.runtime} demo (${options.framework}): ${String(lastError)}`);
}
