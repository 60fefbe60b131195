import type { RequestListener } from "node:http";
import type { FastifyInstance } from "fastify";
import { afterAll } from "vitest";
import { listen } from "./listen.ts";
import { serveFetch } from "./serve-fetch.ts";

/** Anything a test starts that must be stopped: a listening server, a Fastify app. */
export interface Closable {
  close(): Promise<unknown>;
}

/** Starts servers on free loopback ports; each resolves to the server's base URL. */
export interface ServerPool {
  /** A Node.js request listener (an Express app). */
  node(handler: RequestListener): Promise<string>;
  /** A Web-standard handler (a Hono app's `fetch`, a fetch adapter's handler). */
  fetch(handler: (request: Request) => Response | Promise<Response>): Promise<string>;
  /** A Fastify app, with its plugins and routes already declared. */
  fastify(app: FastifyInstance): Promise<string>;
  /** Anything else started by the test, to be closed with the servers. */
  track<T extends Closable>(closable: T): T;
}

/**
 * A pool whose servers are all closed once the calling file's tests are done (it registers
 * an `afterAll` hook, so call it at the top level of a test file or a `describe`).
 */
export function serverPool(): ServerPool {
  const open: Closable[] = [];
  afterAll(async () => {
    await Promise.all(open.map((closable) => closable.close()));
  });
  const track = <T extends Closable>(closable: T): T => {
    open.push(closable);
    return closable;
  };
  return {
    node: async (handler) => track(await listen(handler)).url,
    fetch: async (handler) => track(await serveFetch(handler)).url,
    fastify: (app) => track(app).listen({ port: 0, host: "127.0.0.1" }),
    track,
  };
}
