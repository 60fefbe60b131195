import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { toNodeHandler } from "h3/node";
import type { JwtManager } from "jwt-extended";
import { createDemoManager, createDemoStore } from "./config.ts";
import { createExpressApp } from "./express-app.ts";
import { createFastifyApp } from "./fastify-app.ts";
import { createFetchApp } from "./fetch-app.ts";
import { createH3App } from "./h3-app.ts";
import { createHonoApp } from "./hono-app.ts";
import { createKoaApp } from "./koa-app.ts";
import { createNestApp } from "./nest-app.ts";
import { loadPublicFiles, type PublicFile } from "./public-files.ts";
import { answerClientErrorsWithJson, requireHost, withJwks } from "./well-known.ts";

/** The frameworks the demo runs on, in the order tests run them. */
export const DEMO_FRAMEWORKS = [
  "express",
  "fastify",
  "hono",
  "fetch",
  "koa",
  "h3",
  "nest",
  "nest-fastify",
] as const;

export type DemoFramework = (typeof DEMO_FRAMEWORKS)[number];

/** A framework's demo app as a node:http request listener, and how to shut the app down. */
interface DemoApp {
  listener: RequestListener;
  close?(): Promise<void>;
}

// Leave the process's global Request and Response alone: the demo may share a process
// with the other frameworks (in tests, say).
const fetchListener = (fetch: (request: Request) => Response | Promise<Response>) =>
  getRequestListener(fetch, { overrideGlobalObjects: false });

/**
 * Every framework serves from one plain node:http server, so that what reaches the app
 * (and what node:http itself refuses) is the same for all four.
 */
const DEMO_APPS: Readonly<
  Record<
    DemoFramework,
    (jwt: JwtManager, files: ReadonlyMap<string, PublicFile>) => Promise<DemoApp>
  >
> = {
  express: async (jwt, files) => ({ listener: createExpressApp(jwt, files) }),
  fastify: async (jwt, files) => {
    const app = await createFastifyApp(jwt, files);
    await app.ready();
    return { listener: (req, res) => app.routing(req, res), close: () => app.close() };
  },
  hono: async (jwt, files) => ({ listener: fetchListener(createHonoApp(jwt, files).fetch) }),
  fetch: async (jwt, files) => ({ listener: fetchListener(createFetchApp(jwt, files)) }),
  koa: async (jwt, files) => ({ listener: createKoaApp(jwt, files).callback() }),
  h3: async (jwt, files) => ({ listener: toNodeHandler(createH3App(jwt, files)) }),
  // NestJS on platform-express; "nest-fastify" is the same application on platform-fastify.
  nest: (jwt, files) => createNestApp(jwt, files, "express"),
  "nest-fastify": (jwt, files) => createNestApp(jwt, files, "fastify"),
};

export interface DemoServerOptions {
  /** `JWT_*` variables, as `process.env` gives them to `npm start`. */
  env: Readonly<Record<string, string | undefined>>;
  framework?: DemoFramework;
  host?: string;
  /** 0 picks a free port. @default 5000 */
  port?: number;
  /** Print nothing (warnings included). */
  quiet?: boolean;
}

export interface RunningDemoServer {
  /** Base URL without a trailing slash. */
  url: string;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server.address() as AddressInfo));
  });
}

/** Starts the demo server of the four token locations. */
export async function startDemoServer(options: DemoServerOptions): Promise<RunningDemoServer> {
  const { framework = "express", host = "127.0.0.1", port = 5000, quiet = false } = options;
  if (!(DEMO_FRAMEWORKS as readonly string[]).includes(framework)) {
    throw new Error(`FRAMEWORK: expected one of ${DEMO_FRAMEWORKS.join(", ")}, got ${framework}`);
  }
  const warn = quiet ? () => {} : (message: string) => console.warn(`warning: ${message}`);
  const store = await createDemoStore(options.env, warn);
  const jwt = createDemoManager(options.env, warn, store);
  const files = loadPublicFiles();
  const app = await DEMO_APPS[framework](jwt, files);
  const server = createServer(
    { requireHostHeader: false },
    requireHost(withJwks(jwt, app.listener)),
  );
  answerClientErrorsWithJson(server);
  const address = await listen(server, port, host);
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      await app.close?.();
      await store.close?.();
    },
  };
}
