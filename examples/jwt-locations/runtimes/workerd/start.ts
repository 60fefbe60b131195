/**
 * `npm run start:workerd`: bundles the Worker, then runs workerd with `config.capnp` on
 * `HOST:PORT`, handing it the `JWT_*` settings and `FRAMEWORK` as `DEMO_ENV`.
 */
import { spawn } from "node:child_process";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleDemo } from "../bundle.ts";
import { listenAddress } from "../listen-address.ts";

/** The Worker's settings: every `JWT_*` variable, and `FRAMEWORK`. */
export function demoEnvOf(env: Readonly<Record<string, string | undefined>>): string {
  const picked = Object.entries(env).filter(
    ([name, value]) => value !== undefined && (name.startsWith("JWT_") || name === "FRAMEWORK"),
  );
  return JSON.stringify(Object.fromEntries(picked));
}

/** The workerd command line serving the bundled config on `hostname:port`. */
export function workerdArgs(configPath: string, hostname: string, port: number): string[] {
  return ["serve", configPath, "--socket-addr", `http=${hostname}:${port}`];
}

const workerdBinary = fileURLToPath(
  new URL("../../../../node_modules/.bin/workerd", import.meta.url),
);

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { port, hostname } = listenAddress(process.env);
  const worker = await bundleDemo("workerd");
  const child = spawn(
    workerdBinary,
    workerdArgs(`${dirname(worker)}/config.capnp`, hostname, port),
    {
      stdio: "inherit",
      env: { ...process.env, DEMO_ENV: demoEnvOf(process.env) },
    },
  );
  console.log(`jwt-extended demo (workerd) listening on http://${hostname}:${port}`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("exit", (code) => process.exit(code ?? 1));
}
