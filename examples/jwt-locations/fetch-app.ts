import type { JwtManager } from "jwt-extended";
import { fetchJwt } from "jwt-extended/fetch";
import { allowedMethods, PROTECTED_METHODS, sameForMethods } from "./allowed-methods.ts";
import { loginTokens } from "./login-tokens.ts";
import type { PublicFile } from "./public-files.ts";
import {
  answerResponse,
  listSessions,
  logoutEverywhere,
  revokeSession,
  routeKeyOf,
  SESSION_ROUTE,
  sessionIdOf,
} from "./session-routes.ts";

/** A Web-standard handler: what Bun.serve, Deno.serve and Workers call. */
export type FetchHandler = (request: Request) => Promise<Response>;

const userAgentOf = (request: Request) => request.headers.get("user-agent");

type Route = Partial<Record<string, (request: Request) => Response | Promise<Response>>>;

/**
 * The document's example application with no framework at all: one `fetch` handler over a
 * table of path → method → handler (BEHAVIOR.md §7).
 */
export function createFetchApp(
  jwt: JwtManager,
  files: ReadonlyMap<string, PublicFile>,
): FetchHandler {
  const { jwtRequired, getJwtIdentity, setAccessCookies, setRefreshCookies, logout, refresh } =
    fetchJwt(jwt);
  // Revokes the presented tokens (and their families), then unsets every JWT cookie.
  const loggedOut = (request: Request) =>
    logout(request, Response.json({ msg: "logout successful" }));

  const protectedRoute = jwtRequired()(() => Response.json({ foo: "bar" }));
  const fresh = jwtRequired({ fresh: true })(() => Response.json({ foo: "fresh" }));
  const whoami = jwtRequired()((_request, { identity, payload }) =>
    Response.json({ identity, type: payload.type, fresh: payload.fresh }),
  );

  const routes: Readonly<Record<string, Route>> = {
    "/login_without_cookies": {
      POST: async (request) => {
        const { accessToken, refreshToken } = await loginTokens(jwt, userAgentOf(request));
        return Response.json({ access_token: accessToken, refresh_token: refreshToken });
      },
    },
    "/login_with_cookies": {
      POST: async (request) => {
        const { accessToken, refreshToken } = await loginTokens(jwt, userAgentOf(request));
        const response = Response.json({ msg: "login successful" });
        setAccessCookies(response, accessToken);
        setRefreshCookies(response, refreshToken);
        return response;
      },
    },
    "/logout_with_cookies": { POST: loggedOut },
    "/logout": { DELETE: jwtRequired()(loggedOut) },
    // Every token of the caller's identity, whatever the login; then the cookies.
    "/logout_everywhere": {
      DELETE: jwtRequired()(async (_request, { identity }) =>
        answerResponse(await logoutEverywhere(jwt, identity)),
      ),
    },
    // The caller's logins (with JWT_REFRESH_ROTATION=true), and ending one of them.
    "/sessions": {
      GET: jwtRequired()(async (_request, { identity, payload }) =>
        answerResponse(await listSessions(jwt, identity, payload)),
      ),
    },
    [SESSION_ROUTE]: {
      DELETE: jwtRequired()(async (request, { identity }) =>
        answerResponse(
          await revokeSession(jwt, identity, sessionIdOf(new URL(request.url).pathname)),
        ),
      ),
    },
    "/protected": sameForMethods(PROTECTED_METHODS, protectedRoute),
    "/only_headers": {
      GET: jwtRequired({ locations: ["headers"] })(() => Response.json({ foo: "baz" })),
    },
    // A new access token; with JWT_REFRESH_ROTATION=true a new refresh token too.
    "/refresh": { POST: jwtRequired({ refresh: true })((_request, context) => refresh(context)) },
    "/optional": {
      GET: jwtRequired({ optional: true })((request) =>
        Response.json({ identity: getJwtIdentity(request) }),
      ),
    },
    "/fresh": { GET: fresh, POST: fresh },
    "/whoami": { GET: whoami, POST: whoami },
  };

  const serveFile = (path: string): Response | undefined => {
    const file = files.get(path);
    return (
      file &&
      new Response(new Uint8Array(file.body), { headers: { "content-type": file.contentType } })
    );
  };

  return async (request) => {
    const { pathname } = new URL(request.url);
    // HEAD is answered as GET; the server sends no body for it.
    const method = request.method === "HEAD" ? "GET" : request.method;
    try {
      const route = routes[routeKeyOf(pathname)];
      const handler = route?.[method];
      if (handler) return await handler(request);
      const allow = method === "OPTIONS" && route ? allowedMethods(Object.keys(route)) : undefined;
      if (allow) return new Response(allow, { headers: { allow, "content-type": "text/plain" } });
      const file = method === "GET" ? serveFile(pathname) : undefined;
      return file ?? Response.json({ msg: "Not Found" }, { status: 404 });
    } catch {
      return Response.json({ msg: "Internal Server Error" }, { status: 500 });
    }
  };
}
