import type { JwtManager } from "jwt-extended";
import { koaJwt } from "jwt-extended/koa";
import Koa, { type Context, type Middleware } from "koa";
import { allowedMethods, PROTECTED_METHODS, sameForMethods } from "./allowed-methods.ts";
import { loginTokens } from "./login-tokens.ts";
import {
  type DemoAnswer,
  listSessions,
  logoutEverywhere,
  revokeSession,
  routeKeyOf,
  SESSION_ROUTE,
  sessionIdOf,
} from "./session-routes.ts";

const send = (ctx: Context, { status, headers, setCookie, body }: DemoAnswer): void => {
  ctx.status = status;
  ctx.set(headers);
  if (setCookie.length > 0) ctx.append("Set-Cookie", [...setCookie]);
  ctx.body = body;
};

import type { PublicFile } from "./public-files.ts";

type Route = Partial<Record<string, Middleware>>;

/** A guard in front of a handler, as one middleware. */
const behind =
  (guard: Middleware, handler: Middleware): Middleware =>
  (ctx, next) =>
    guard(ctx, () => handler(ctx, next));

/**
 * The document's example application on Koa (BEHAVIOR.md §7), over a table of
 * path → method → middleware, as Koa ships no router.
 */
export function createKoaApp(jwt: JwtManager, files: ReadonlyMap<string, PublicFile>): Koa {
  const app = new Koa();
  const {
    jwtRequired,
    jwtErrorHandler,
    getJwtIdentity,
    setAccessCookies,
    setRefreshCookies,
    logout,
    refresh,
  } = koaJwt(jwt);

  // Revokes the presented tokens (and their families), then unsets every JWT cookie.
  const loggedOut: Middleware = async (ctx) => {
    await logout(ctx);
    ctx.body = { msg: "logout successful" };
  };
  const protectedRoute = behind(jwtRequired(), (ctx) => {
    ctx.body = { foo: "bar" };
  });
  const fresh = behind(jwtRequired({ fresh: true }), (ctx) => {
    ctx.body = { foo: "fresh" };
  });
  const whoami = behind(jwtRequired(), (ctx) => {
    const { identity, payload } = ctx.state.jwt;
    ctx.body = { identity, type: payload.type, fresh: payload.fresh };
  });

  const routes: Readonly<Record<string, Route>> = {
    "/login_without_cookies": {
      POST: async (ctx) => {
        const { accessToken, refreshToken } = await loginTokens(jwt, ctx.get("user-agent"));
        ctx.body = { access_token: accessToken, refresh_token: refreshToken };
      },
    },
    "/login_with_cookies": {
      POST: async (ctx) => {
        const { accessToken, refreshToken } = await loginTokens(jwt, ctx.get("user-agent"));
        setAccessCookies(ctx, accessToken);
        setRefreshCookies(ctx, refreshToken);
        ctx.body = { msg: "login successful" };
      },
    },
    "/logout_with_cookies": { POST: loggedOut },
    "/logout": { DELETE: behind(jwtRequired(), loggedOut) },
    // Every token of the caller's identity, whatever the login; then the cookies.
    "/logout_everywhere": {
      DELETE: behind(jwtRequired(), async (ctx) => {
        send(ctx, await logoutEverywhere(jwt, ctx.state.jwt.identity));
      }),
    },
    // The caller's logins (with JWT_REFRESH_ROTATION=true), and ending one of them.
    "/sessions": {
      GET: behind(jwtRequired(), async (ctx) => {
        const { identity, payload } = ctx.state.jwt;
        send(ctx, await listSessions(jwt, identity, payload));
      }),
    },
    [SESSION_ROUTE]: {
      DELETE: behind(jwtRequired(), async (ctx) => {
        send(ctx, await revokeSession(jwt, ctx.state.jwt.identity, sessionIdOf(ctx.path)));
      }),
    },
    "/protected": sameForMethods(PROTECTED_METHODS, protectedRoute),
    "/only_headers": {
      GET: behind(jwtRequired({ locations: ["headers"] }), (ctx) => {
        ctx.body = { foo: "baz" };
      }),
    },
    // A new access token; with JWT_REFRESH_ROTATION=true a new refresh token too.
    "/refresh": { POST: behind(jwtRequired({ refresh: true }), refresh) },
    "/optional": {
      GET: behind(jwtRequired({ optional: true }), (ctx) => {
        ctx.body = { identity: getJwtIdentity(ctx) };
      }),
    },
    "/fresh": { GET: fresh, POST: fresh },
    "/whoami": { GET: whoami, POST: whoami },
  };

  // Every other error answers JSON too, never Koa's plain-text pages.
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const { status } = error as { status?: unknown };
      const code = typeof status === "number" && status >= 400 && status < 500 ? status : 500;
      ctx.status = code;
      ctx.body = { msg: code === 500 ? "Internal Server Error" : "Bad Request" };
    }
  });
  // The helpers' failures: a reused refresh token (401), the store unreachable (503).
  app.use(jwtErrorHandler());

  app.use(async (ctx, next) => {
    // HEAD is answered as GET; Koa sends no body for it.
    const method = ctx.method === "HEAD" ? "GET" : ctx.method;
    const route = routes[routeKeyOf(ctx.path)];
    const handler = route?.[method];
    if (handler) return handler(ctx, next);
    const allow = method === "OPTIONS" && route ? allowedMethods(Object.keys(route)) : undefined;
    const file = method === "GET" ? files.get(ctx.path) : undefined;
    if (allow) {
      ctx.set("allow", allow);
      ctx.body = allow;
    } else if (file) {
      ctx.type = file.contentType;
      ctx.body = file.body;
    } else {
      ctx.status = 404;
      ctx.body = { msg: "Not Found" };
    }
  });

  return app;
}
