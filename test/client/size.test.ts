// jwt-extended/client is sent to every browser: its size is part of its contract.
import { gzipSync } from "node:zlib";
import { buildSync } from "esbuild";
import { expect, it } from "vitest";

const ENTRY = new URL("../../src/client/index.ts", import.meta.url).pathname;
const LIMIT = 2048;

it("the client, bundled and minified, is under 2 KB gzipped, with no import left", () => {
  const [output] = buildSync({
    entryPoints: [ENTRY],
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2020",
    write: false,
  }).outputFiles;
  const code = output?.text ?? "";
  const gzipped = gzipSync(code).length;
  console.log(`jwt-extended/client: ${code.length} bytes minified, ${gzipped} bytes min+gzip`);
  expect(code).not.toMatch(/\bimport\b|\brequire\(/);
  expect(gzipped).toBeLessThan(LIMIT);
});
