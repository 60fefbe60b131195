import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "tsup";

const root = fileURLToPath(new URL("../", import.meta.url));

/** Where the benchmarked build of the library goes (ignored by git with node_modules). */
export const LIBRARY_BUILD_DIR = `${root}node_modules/.cache/jwt-extended-bench`;
/** The same build with the verified-token cache turned off (see {@link withoutCache}). */
export const LIBRARY_NO_CACHE_DIR = `${root}node_modules/.cache/jwt-extended-bench-no-cache`;

const LIMIT = /export const VERIFIED_TOKENS_LIMIT = [\d_]+;/;

/**
 * An esbuild plugin that sets the verified-token cache's size to 0 (which turns it off),
 * so that the bench can measure every figure with and without it, from the same source.
 */
const withoutCache = {
  name: "verified-tokens-off",
  setup(build: {
    onLoad: (
      filter: { filter: RegExp },
      load: (args: { path: string }) => Promise<{ contents: string; loader: "ts" }>,
    ) => void;
  }) {
    build.onLoad({ filter: /verified-tokens\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, "utf8");
      if (!LIMIT.test(source)) throw new Error(`${path}: VERIFIED_TOKENS_LIMIT not found`);
      return {
        contents: source.replace(LIMIT, "export const VERIFIED_TOKENS_LIMIT = 0;"),
        loader: "ts",
      };
    });
  },
};

/** The adapters a bench server may import, when their source exists. */
const ADAPTERS = ["express", "fastify", "hono", "fetch", "nest", "koa"] as const;

/** Whether the library has an adapter for a framework yet. */
export const hasAdapter = (name: (typeof ADAPTERS)[number]): boolean =>
  existsSync(`${root}src/adapters/${name}.ts`);

/**
 * Builds the library the way the package is built (the project's tsup configuration,
 * ESM, without type declarations), so the benchmarks measure the code that ships; and, with
 * `noCache`, a second build without the verified-token cache.
 * Running `src/` through tsx instead would wrap every function expression in a naming
 * helper that the published build does not have, and charge it to our library alone.
 */
export async function buildLibrary({ noCache }: { noCache: boolean }): Promise<void> {
  const entry: Record<string, string> = { index: `${root}src/index.ts` };
  for (const name of ADAPTERS) {
    if (hasAdapter(name)) entry[`adapters/${name}`] = `${root}src/adapters/${name}.ts`;
  }
  for (const cache of noCache ? [true, false] : [true]) {
    await build({
      config: `${root}tsup.config.ts`,
      entry,
      format: ["esm"],
      outDir: cache ? LIBRARY_BUILD_DIR : LIBRARY_NO_CACHE_DIR,
      dts: false,
      sourcemap: false,
      clean: true,
      silent: true,
      ...(cache ? {} : { esbuildPlugins: [withoutCache] }),
    });
  }
}
