/**
 * The demo on Deno: `npm run start:deno` (`FRAMEWORK=fetch|hono`, `PORT`, `JWT_*`) bundles
 * this file (see `bundle.ts`) and runs the bundle with `deno run`.
 */
import { publicFiles } from "./embedded-files.ts";
import { listenAddress } from "./listen-address.ts";
import { createWebDemo, WEB_APPS, webFrameworkOf } from "./web-demo.ts";

const env = Deno.env.toObject();
const warn = (message: string) => console.warn(`warning: ${message}`);

try {
  const app = WEB_APPS[webFrameworkOf(env.FRAMEWORK)];
  const fetch = createWebDemo({ env, app, files: publicFiles, warn });
  const { port, hostname } = listenAddress(env);
  const framework = env.FRAMEWORK ?? "fetch";
  Deno.serve(
    {
      port,
      hostname,
      onListen: (address) =>
        console.log(
          `jwt-extended demo (${framework}, Deno) listening on http://${hostname}:${address.port}`,
        ),
    },
    fetch,
  );
} catch (error) {
  console.error(`cannot start the demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
