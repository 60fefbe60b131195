import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

interface ExportTarget {
  import?: { default?: string };
}

/**
 * One entry per public file of package.json (its `exports` and its `bin`), so adding a
 * subpath is one edit there: ./dist/adapters/koa.js is built from src/adapters/koa.ts.
 */
function entriesFromPackageJson(): Record<string, string> {
  const pkg: { exports: Record<string, ExportTarget | string>; bin?: Record<string, string> } =
    JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));
  const built = [
    ...Object.values(pkg.exports).map((target) =>
      typeof target === "string" ? undefined : target.import?.default,
    ),
    ...Object.values(pkg.bin ?? {}),
  ];
  const entries: Record<string, string> = {};
  for (const file of built) {
    const name = file?.match(/^\.\/dist\/(.+)\.js$/)?.[1];
    if (name) entries[name] = `src/${name}.ts`;
  }
  return entries;
}

export default defineConfig({
  entry: entriesFromPackageJson(),
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node20",
  splitting: true,
  treeshake: true,
});
