import type { JwtManager } from "jwt-extended";
import { createDemoManager } from "../config.ts";
import { createFetchApp, type FetchHandler } from "../fetch-app.ts";
import { createHonoApp } from "../hono-app.ts";
import type { PublicFile } from "../public-files.ts";
import { JWKS_PATH } from "../well-known.ts";

/** The demo's apps that need nothing but the Web-standard `fetch` API. */
export type WebFramework = "fetch" | "hono";

export const WEB_FRAMEWORKS: readonly WebFramework[] = ["fetch", "hono"];

/** A framework's demo app as one `fetch` handler, from the demo's manager and page. */
export type WebAppFactory = (
  jwt: JwtManager,
  files: ReadonlyMap<string, PublicFile>,
) => FetchHandler;

export const WEB_APPS: Readonly<Record<WebFramework, WebAppFactory>> = {
  fetch: createFetchApp,
  hono: (jwt, files) => {
    const app = createHonoApp(jwt, files);
    return async (request) => app.fetch(request);
  },
};

/**
 * Serves the manager's public keys at {@link JWKS_PATH} in front of `app`, as the Node
 * demo's `withJwks` does, when the demo signs with asymmetric keys.
 */
function withJwks(jwt: JwtManager, app: FetchHandler): FetchHandler {
  const document = jwt.jwks();
  if (document.keys.length === 0) return app;
  const body = JSON.stringify(document);
  return async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname !== JWKS_PATH || (request.method !== "GET" && request.method !== "HEAD")) {
      return app(request);
    }
    return new Response(request.method === "HEAD" ? null : body, {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "cache-control": "public, max-age=300",
      },
    });
  };
}

export interface WebDemoOptions {
  /** `JWT_*` variables, as the runtime's environment gives them. */
  env: Readonly<Record<string, string | undefined>>;
  /** The framework's app; defaults to the plain fetch app. */
  app?: WebAppFactory;
  files: ReadonlyMap<string, PublicFile>;
  /** Where warnings go (a missing JWT_SECRET_KEY); nowhere when omitted. */
  warn?: (message: string) => void;
}

/**
 * The demo of the four token locations as one Web-standard `fetch` handler, for the
 * runtimes that serve one (Bun, Deno, workerd), with revocation in memory: the same
 * routes, page and manager as `npm start`.
 */
export function createWebDemo(options: WebDemoOptions): FetchHandler {
  const jwt = createDemoManager(options.env, options.warn ?? (() => {}));
  const app = (options.app ?? createFetchApp)(jwt, options.files);
  return withJwks(jwt, app);
}

/** The framework named by `FRAMEWORK`, checked. */
export function webFrameworkOf(name: string | undefined): WebFramework {
  const framework = (name ?? "fetch") as WebFramework;
  if (!WEB_FRAMEWORKS.includes(framework)) {
    throw new Error(`FRAMEWORK: expected one of ${WEB_FRAMEWORKS.join(", ")}, got ${name}`);
  }
  return framework;
}
