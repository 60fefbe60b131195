import { getRequestListener } from "@hono/node-server";
import { type Listening, listen } from "./listen.ts";

/**
 * Serves a Web-standard handler (a Hono app's `fetch`, or a plain `(Request) => Response`)
 * on a real loopback port through `@hono/node-server`, leaving the process's global
 * `Request` and `Response` as they are.
 */
export function serveFetch(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<Listening> {
  return listen(getRequestListener(fetch, { overrideGlobalObjects: false }));
}
