/**
 * The demo as a Cloudflare Worker, on workerd: `npm run start:workerd` bundles this file
 * (see `../bundle.ts`) and serves it with `config.capnp`. The `JWT_*` settings arrive as
 * one JSON binding, `DEMO_ENV`, that the config reads from the environment.
 */

import type { FetchHandler } from "../../fetch-app.ts";
import { publicFiles } from "../embedded-files.ts";
import { createWebDemo, WEB_APPS, webFrameworkOf } from "../web-demo.ts";

interface WorkerEnv {
  /** `{"JWT_SECRET_KEY": "...", "FRAMEWORK": "hono", ...}` */
  DEMO_ENV?: string;
}

let handler: FetchHandler | undefined;

// Built at the first request: a Worker's bindings arrive with it.
function demoFor(workerEnv: WorkerEnv): FetchHandler {
  const env: Record<string, string> = JSON.parse(workerEnv.DEMO_ENV || "{}");
  const app = WEB_APPS[webFrameworkOf(env.FRAMEWORK)];
  const warn = (message: string) => console.warn(`warning: ${message}`);
  return createWebDemo({ env, app, files: publicFiles, warn });
}

export default {
  fetch(request: Request, env: WorkerEnv): Promise<Response> {
    handler ??= demoFor(env);
    return handler(request);
  },
};
