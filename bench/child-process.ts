import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The TypeScript file of a bench script, by its path relative to bench/. */
export const benchFile = (relative: string): string =>
  fileURLToPath(new URL(relative, import.meta.url));

/** `node` flags that run a TypeScript file through tsx (which honours tsconfig paths). */
export const TSX_FLAGS = ["--import", "tsx"] as const;

/**
 * The environment of every bench process: the library resolves to its build (see
 * build-library.ts) through the runtime tsconfig's paths; with `cache: false`, to its build
 * without the verified-token cache.
 */
export const childEnv = (
  extra: Record<string, string> = {},
  { cache = true }: { cache?: boolean } = {},
): NodeJS.ProcessEnv => ({
  ...process.env,
  TSX_TSCONFIG_PATH: benchFile(cache ? "tsconfig.runtime.json" : "tsconfig.runtime-no-cache.json"),
  ...extra,
});

/**
 * Runs a bench script in a process of its own and returns the JSON it printed last, so a
 * measurement never shares a heap or a JIT with the runner or another measurement.
 */
export function runJsonScript<T>(
  file: string,
  args: readonly string[],
  nodeFlags: string[] = [],
  { cache = true }: { cache?: boolean } = {},
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, ...TSX_FLAGS, file, ...args], {
      env: childEnv({}, { cache }),
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const last = output.trim().split("\n").at(-1) ?? "";
      if (code !== 0) return reject(new Error(`${file} exited with ${code}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${file} printed no JSON result`));
      }
    });
  });
}
