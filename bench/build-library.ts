import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "tsup";

const root = fileURLToPath(new URL("../", import.meta.url));

/** Where the benchmarked build of the library goes (ignored by git with node_modules). */
export const LIBRARY_BUILD_DIR = `${root}node_modules/.cache/jwt-extended-bench`;

/** The adapters a bench server may import, when their source exists. */
const ADAPTERS = ["express", "fastify", "hono", "fetch"] as const;

/** Whether the library has an adapter for a framework yet. */
export const hasAdapter = (name: (typeof ADAPTERS)[number]): boolean =>
  existsSync(`${root}src/adapters/${name}.ts`);

/**
 * Builds the library the way the package is built (the project's tsup configuration,
 * ESM, without type declarations), so the benchmarks measure the code that ships.
 * Running `src/` through tsx instead would wrap every function expression in a naming
 * helper that the published build does not have, and charge it to our library alone.
 */
export async function buildLibrary(): Promise<void> {
  const entry: Record<string, string> = { index: `${root}src/index.ts` };
  for (const name of ADAPTERS) {
    if (hasAdapter(name)) entry[`adapters/${name}`] = `${root}src/adapters/${name}.ts`;
  }
  await build({
    config: `${root}tsup.config.ts`,
    entry,
    format: ["esm"],
    outDir: LIBRARY_BUILD_DIR,
    dts: false,
    sourcemap: false,
    clean: true,
    silent: true,
  });
}
