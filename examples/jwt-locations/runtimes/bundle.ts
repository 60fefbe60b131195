/**
 * Bundles the demo for Deno or workerd with esbuild: one ES module with the library, its
 * dependencies and the demo page's bytes, written to `node_modules/.cache/` (or `outDir`).
 *
 *   tsx examples/jwt-locations/runtimes/bundle.ts deno|workerd [outDir]
 */
import { copyFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { loadPublicFiles } from "../public-files.ts";

export type BundledRuntime = "deno" | "workerd";

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const src = (path: string): string => here(`../../../src/${path}`);

const ENTRIES: Readonly<Record<BundledRuntime, string>> = {
  deno: here("./deno.ts"),
  workerd: here("./workerd/worker.ts"),
};

/** Where `npm run start:deno` and `start:workerd` put their bundle. */
export const defaultOutDir = (runtime: BundledRuntime): string =>
  here(`../../../node_modules/.cache/jwt-extended-demo/${runtime}/`);

/**
 * The Node built-ins the CommonJS dependencies (fast-jwt and its helpers) `require`,
 * imported once: neither runtime gives an ES module a `require`.
 */
const REQUIRE_SHIM = `import __crypto from "node:crypto";
import __buffer from "node:buffer";
import __util from "node:util";
const __builtins = { crypto: __crypto, buffer: __buffer, util: __util };
const require = (id) => {
  const found = __builtins[id.replace(/^node:/, "")];
  if (found === undefined) throw new Error("the demo bundle does not provide " + id);
  return found;
};`;

/** `jwt-extended` and its subpaths from src/, as tsconfig.json's paths map them. */
const librarySources: Plugin = {
  name: "library-sources",
  setup(builder) {
    builder.onResolve({ filter: /^jwt-extended(\/[\w-]+)?$/ }, ({ path }) => {
      const subpath = path.slice("jwt-extended/".length);
      if (path === "jwt-extended") return { path: src("index.ts") };
      if (subpath === "client") return { path: src("client/index.ts") };
      if (["redis", "sqlite", "postgres"].includes(subpath))
        return { path: src(`stores/${subpath}.ts`) };
      return { path: src(`adapters/${subpath}.ts`) };
    });
  },
};

/**
 * The durable stores' drivers, left out: these runtimes' demos keep revocations in memory
 * (they never read `STORE_URL`), and neither workerd nor a Deno bundle could load them.
 */
const driversLeftOut: Plugin = {
  name: "drivers-left-out",
  setup(builder) {
    builder.onResolve({ filter: /^(ioredis|pg|better-sqlite3)$/ }, ({ path }) => ({
      path,
      namespace: "left-out",
    }));
    builder.onLoad({ filter: /.*/, namespace: "left-out" }, () => ({
      contents: "module.exports = {};",
      loader: "js",
    }));
  },
};

/** Replaces `embedded-files.ts` with a module holding the page's bytes. */
const embeddedFiles: Plugin = {
  name: "embedded-public-files",
  setup(builder) {
    builder.onLoad({ filter: /[\\/]runtimes[\\/]embedded-files\.ts$/ }, () => {
      const lines = [...loadPublicFiles()].map(
        ([path, file]) =>
          `files.set(${JSON.stringify(path)}, { contentType: ${JSON.stringify(file.contentType)}, body: Buffer.from(${JSON.stringify(file.body.toString("base64"))}, "base64") });`,
      );
      const contents = `import { Buffer } from "node:buffer";\nconst files = new Map();\n${lines.join("\n")}\nexport const publicFiles = files;\n`;
      return { contents, loader: "js" };
    });
  },
};

/** Writes the runtime's bundle (and, for workerd, its config) to `outDir`; returns the bundle's path. */
export async function bundleDemo(
  runtime: BundledRuntime,
  outDir = defaultOutDir(runtime),
): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const outfile = `${outDir.replace(/[\\/]$/, "")}/${runtime === "deno" ? "demo.js" : "worker.js"}`;
  await build({
    entryPoints: [ENTRIES[runtime]],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "es2022",
    conditions: runtime === "workerd" ? ["workerd", "worker"] : ["deno"],
    banner: { js: REQUIRE_SHIM },
    plugins: [librarySources, driversLeftOut, embeddedFiles],
    logLevel: "warning",
  });
  if (runtime === "workerd") copyFileSync(here("./workerd/config.capnp"), `${outDir}/config.capnp`);
  return outfile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const runtime = process.argv[2];
  if (runtime !== "deno" && runtime !== "workerd") {
    console.error("usage: bundle.ts deno|workerd [outDir]");
    process.exit(2);
  }
  await bundleDemo(runtime, process.argv[3]);
}
