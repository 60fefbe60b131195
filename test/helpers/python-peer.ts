import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The interpreter that has Debian's flask and flask-jwt-extended packages. */
export const PYTHON = "/usr/bin/python3";

const PEER_SCRIPT = fileURLToPath(new URL("../interop/peer/peer_server.py", import.meta.url));
const INSTALL_HINT =
  "apt-get install python3-flask python3-python-flask-jwt-extended (flask-jwt-extended 4.4.4)";
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;

export interface RunningPeer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Checks that the Python peer can run: returns null when it can, else a message
 * saying what is missing and how to install it.
 */
export function peerAvailable(): string | null {
  const probe = spawnSync(PYTHON, ["-c", "import flask, flask_jwt_extended"], {
    encoding: "utf8",
    env: pythonEnv({}),
  });
  if (probe.error) {
    return `The Python peer needs ${PYTHON} (${probe.error.message}); install it with: ${INSTALL_HINT}`;
  }
  if (probe.status !== 0) {
    return `The Python peer needs flask and flask_jwt_extended importable by ${PYTHON}; install them with: ${INSTALL_HINT}\n${probe.stderr}`;
  }
  return null;
}

/**
 * Starts `peer_server.py` (a flask-jwt-extended application) on a free loopback port,
 * configured from a `JWT_*` record. The process's own environment contributes no `JWT_*`
 * variable, so each peer is configured by `env` alone.
 */
export async function startPythonPeer(
  options: { env?: Record<string, string> } = {},
): Promise<RunningPeer> {
  const missing = peerAvailable();
  if (missing) throw new Error(missing);

  const child = spawn(PYTHON, [PEER_SCRIPT], {
    env: pythonEnv({ ...options.env, PORT: "0", PYTHONUNBUFFERED: "1" }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-8_000);
  });

  const port = await new Promise<number>((resolve, reject) => {
    let stdout = "";
    const fail = (reason: string): void => {
      cleanup();
      child.kill("SIGKILL");
      reject(new Error(`The Python peer did not start: ${reason}\n--- stderr ---\n${stderr}`));
    };
    const timer = setTimeout(
      () => fail(`no "LISTENING <port>" line within ${START_TIMEOUT_MS / 1000} s`),
      START_TIMEOUT_MS,
    );
    const onData = (chunk: string): void => {
      stdout += chunk;
      const match = /^LISTENING (\d+)$/m.exec(stdout);
      if (match) {
        cleanup();
        resolve(Number(match[1]));
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(`it exited (code ${code}, signal ${signal})`);
    const onError = (error: Error): void => fail(error.message);
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout.off("data", onData);
      child.off("exit", onExit);
      child.off("error", onError);
    };
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", onData);
    child.once("exit", onExit);
    child.once("error", onError);
  });
  // Keep draining stdout so the peer never blocks on a full pipe.
  child.stdout.resume();

  return { url: `http://127.0.0.1:${port}`, close: () => stop(child) };
}

function pythonEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith("JWT_") || name === "PYTHONPATH" || name === "PYTHONHOME") continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
