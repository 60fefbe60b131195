import { defineHandler, type EventHandler, H3, type HTTPError, type HTTPMethod } from "h3";
import type { JwtManager } from "jwt-extended";
import { h3Jwt } from "jwt-extended/h3";
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

type Route = Partial<Record<HTTPMethod, EventHandler>>;

/** The document's example application on h3 (BEHAVIOR.md §7). */
export function createH3App(jwt: JwtManager, files: ReadonlyMap<string, PublicFile>): H3 {
  const {
    jwtRequired,
    protect,
    jwtErrorHandler,
    getJwtIdentity,
    setAccessCookies,
    setRefreshCookies,
    logout,
    refresh,
  } = h3Jwt(jwt);
  const answerJwtError = jwtErrorHandler();

  // Everything else answers JSON too, never h3's own error shape.
  const app = new H3({
    onError(error: HTTPError) {
      // The JWT helpers' failures carry their answer: a reused refresh token, the store down.
      const answered = answerJwtError(error);
      if (answered) return answered;
      const { status } = error;
      if (status === 404) return Response.json({ msg: "Not Found" }, { status });
      if (status < 500) return Response.json({ msg: "Bad Request" }, { status });
      return Response.json({ msg: "Internal Server Error" }, { status: 500 });
    },
  });

  // Revokes the presented tokens (and their families), then unsets every JWT cookie.
  const loggedOut: EventHandler = async (event) => {
    await logout(event);
    return { msg: "logout successful" };
  };
  const protectedRoute = protect(() => ({ foo: "bar" }));
  const fresh = protect(() => ({ foo: "fresh" }), { fresh: true });
  const whoami = protect((event) => {
    const { identity, payload } = event.context.jwt;
    return { identity, type: payload.type, fresh: payload.fresh };
  });

  const routes: Readonly<Record<string, Route>> = {
    "/login_without_cookies": {
      POST: async (event) => {
        const userAgent = event.req.headers.get("user-agent");
        const { accessToken, refreshToken } = await loginTokens(jwt, userAgent);
        return { access_token: accessToken, refresh_token: refreshToken };
      },
    },
    "/login_with_cookies": {
      POST: async (event) => {
        const userAgent = event.req.headers.get("user-agent");
        const { accessToken, refreshToken } = await loginTokens(jwt, userAgent);
        setAccessCookies(event, accessToken);
        setRefreshCookies(event, refreshToken);
        return { msg: "login successful" };
      },
    },
    "/logout_with_cookies": { POST: loggedOut },
    "/logout": { DELETE: protect(loggedOut) },
    // Every token of the caller's identity, whatever the login; then the cookies.
    "/logout_everywhere": {
      DELETE: protect(async (event) =>
        answerResponse(await logoutEverywhere(jwt, event.context.jwt.identity)),
      ),
    },
    // The caller's logins (with JWT_REFRESH_ROTATION=true), and ending one of them.
    "/sessions": {
      GET: protect(async (event) => {
        const { identity, payload } = event.context.jwt;
        return answerResponse(await listSessions(jwt, identity, payload));
      }),
    },
    [SESSION_ROUTE]: {
      DELETE: protect(async (event) =>
        answerResponse(
          await revokeSession(jwt, event.context.jwt.identity, sessionIdOf(event.url.pathname)),
        ),
      ),
    },
    "/protected": sameForMethods(PROTECTED_METHODS, protectedRoute),
    "/only_headers": { GET: protect(() => ({ foo: "baz" }), { locations: ["headers"] }) },
    // A new access token; with JWT_REFRESH_ROTATION=true a new refresh token too.
    "/refresh": { POST: protect(refresh, { refresh: true }) },
    "/optional": {
      GET: defineHandler({
        middleware: [jwtRequired({ optional: true })],
        handler: (event) => ({ identity: getJwtIdentity(event) }),
      }),
    },
    "/fresh": { GET: fresh, POST: fresh },
    "/whoami": { GET: whoami, POST: whoami },
  };
  for (const [path, route] of Object.entries(routes)) {
    for (const [method, handler] of Object.entries(route)) {
      app.on(method as HTTPMethod, path, handler);
    }
  }

  // What no route takes: a public file, the methods of a path for OPTIONS, or 404.
  app.all("/**", (event) => {
    const { pathname } = event.url;
    const method = event.req.method === "HEAD" ? "GET" : event.req.method;
    const route = routes[routeKeyOf(pathname)];
    const allow = method === "OPTIONS" && route ? allowedMethods(Object.keys(route)) : undefined;
    if (allow) return new Response(allow, { headers: { allow, "content-type": "text/plain" } });
    const file = method === "GET" ? files.get(pathname) : undefined;
    if (!file) return Response.json({ msg: "Not Found" }, { status: 404 });
    return new Response(new Uint8Array(file.body), {
      headers: { "content-type": file.contentType },
    });
  });

  return app;
}
