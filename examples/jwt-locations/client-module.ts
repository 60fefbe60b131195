import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

/** Where the demo page imports `jwt-extended/client` from. */
export const CLIENT_MODULE_PATH = "/jwt-extended-client.js";

/**
 * `jwt-extended/client` as one browser ES module, bundled with esbuild when the demo starts:
 * from the package's source when run in this repository (tsconfig paths), from the
 * installed package elsewhere. The page then runs exactly the code an application ships.
 */
export function bundleClientModule(): Buffer {
  const { outputFiles } = buildSync({
    stdin: {
      contents: 'export * from "jwt-extended/client";',
      resolveDir: fileURLToPath(new URL(".", import.meta.url)),
      loader: "ts",
    },
    bundle: true,
    format: "esm",
    target: "es2020",
    write: false,
  });
  const [output] = outputFiles;
  if (output === undefined) throw new Error("esbuild produced no client module");
  return Buffer.from(output.contents);
}
