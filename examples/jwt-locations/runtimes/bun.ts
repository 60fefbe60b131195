/**
 * The demo on Bun: `npm run start:bun` (`FRAMEWORK=fetch|hono|elysia`, `PORT`, `JWT_*`).
 * Bun runs this TypeScript as it is, with the project's path aliases.
 */
import { loadPublicFiles } from "../public-files.ts";
import { listenAddress } from "./listen-address.ts";
import { createWebDemo, WEB_APPS, type WebAppFactory, webFrameworkOf } from "./web-demo.ts";

const env = Bun.env;
const warn = (message: string) => console.warn(`warning: ${message}`);

/** The Web demos, and Elysia, Bun's own framework. */
async function appFor(framework: string | undefined): Promise<WebAppFactory> {
  if (framework !== "elysia") return WEB_APPS[webFrameworkOf(framework)];
  const { createElysiaApp } = await import("../elysia-app.ts");
  return createElysiaApp;
}

try {
  const app = await appFor(env.FRAMEWORK);
  const fetch = createWebDemo({ env, app, files: loadPublicFiles(), warn });
  const { port, hostname } = listenAddress(env);
  const server = Bun.serve({ port, hostname, fetch });
  console.log(
    `jwt-extended demo (${env.FRAMEWORK ?? "fetch"}, Bun) listening on http://${hostname}:${server.port}`,
  );
} catch (error) {
  console.error(`cannot start the demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
