import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createDemoManager } from "./config.ts";
import { createExpressApp } from "./express-app.ts";
import { loadPublicFiles } from "./public-files.ts";

/** The frameworks the demo runs on. */
export type DemoFramework = "express";

export const DEMO_FRAMEWORKS: readonly DemoFramework[] = ["express"];

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
  if (!DEMO_FRAMEWORKS.includes(framework)) {
    throw new Error(`FRAMEWORK: expected one of ${DEMO_FRAMEWORKS.join(", ")}, got ${framework}`);
  }
  const warn = quiet ? () => {} : (message: string) => console.warn(`warning: ${message}`);
  const jwt = createDemoManager(options.env, warn);
  const files = loadPublicFiles();
  const server = createServer(createExpressApp(jwt, files));
  const address = await listen(server, port, host);
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
