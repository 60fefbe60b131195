import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { JwtManager } from "jwt-extended";
import { honoJwt } from "jwt-extended/hono";
import { allowedMethods, PROTECTED_METHODS } from "./allowed-methods.ts";
import { loginTokens } from "./login-tokens.ts";
import {
  type DemoAnswer,
  listSessions,
  logoutEverywhere,
  revokeSession,
} from "./session-routes.ts";

const send = (c: Context, { status, headers, setCookie, body }: DemoAnswer): Response => {
  for (const value of setCookie) c.header("set-cookie", value, { append: true });
  return c.json(body, status as ContentfulStatusCode, headers);
};

import type { PublicFile } from "./public-files.ts";

/** The document's example application on Hono (BEHAVIOR.md §7). */
export function createHonoApp(jwt: JwtManager, files: ReadonlyMap<string, PublicFile>): Hono {
  const app = new Hono();
  const { jwtRequired, getJwtIdentity, setAccessCookies, setRefreshCookies, logout, refresh } =
    honoJwt(jwt);

  app.post("/login_without_cookies", async (c) => {
    const { accessToken, refreshToken } = await loginTokens(jwt, c.req.header("user-agent"));
    return c.json({ access_token: accessToken, refresh_token: refreshToken });
  });

  app.post("/login_with_cookies", async (c) => {
    const { accessToken, refreshToken } = await loginTokens(jwt, c.req.header("user-agent"));
    setAccessCookies(c, accessToken);
    setRefreshCookies(c, refreshToken);
    return c.json({ msg: "login successful" });
  });

  // Revokes the tokens the cookies hold (and their families), then unsets every JWT cookie.
  app.post("/logout_with_cookies", async (c) => {
    await logout(c);
    return c.json({ msg: "logout successful" });
  });

  // Revokes the presented tokens, whatever their location: the access token that passed,
  // a refresh token in the refresh cookie or the JSON body, and their families.
  app.delete("/logout", jwtRequired(), async (c) => {
    await logout(c);
    return c.json({ msg: "logout successful" });
  });

  // Every token of the caller's identity, whatever the login; then the cookies.
  app.delete("/logout_everywhere", jwtRequired(), async (c) =>
    send(c, await logoutEverywhere(jwt, c.get("jwt").identity)),
  );

  // The caller's logins (with JWT_REFRESH_ROTATION=true), and ending one of them.
  app.get("/sessions", jwtRequired(), async (c) => {
    const { identity, payload } = c.get("jwt");
    return send(c, await listSessions(jwt, identity, payload));
  });
  app.delete("/sessions/:id", jwtRequired(), async (c) =>
    send(c, await revokeSession(jwt, c.get("jwt").identity, c.req.param("id"))),
  );

  app.on([...PROTECTED_METHODS], "/protected", jwtRequired(), (c) => c.json({ foo: "bar" }));

  app.get("/only_headers", jwtRequired({ locations: ["headers"] }), (c) => c.json({ foo: "baz" }));

  // A new access token; with JWT_REFRESH_ROTATION=true a new refresh token too.
  app.post("/refresh", jwtRequired({ refresh: true }), refresh);

  app.get("/optional", jwtRequired({ optional: true }), (c) =>
    c.json({ identity: getJwtIdentity(c) }),
  );

  app.on(["GET", "POST"], "/fresh", jwtRequired({ fresh: true }), (c) => c.json({ foo: "fresh" }));

  app.on(["GET", "POST"], "/whoami", jwtRequired(), (c) => {
    const { identity, payload } = c.get("jwt");
    return c.json({ identity, type: payload.type, fresh: payload.fresh });
  });

  app.get("*", (c) => {
    const file = files.get(c.req.path);
    if (!file) return c.notFound();
    return c.body(new Uint8Array(file.body), 200, { "content-type": file.contentType });
  });

  // Everything else answers JSON too, never Hono's plain-text pages.
  app.notFound((c) => {
    const methods = app.routes.filter((route) => route.path === c.req.path);
    const allow =
      c.req.method === "OPTIONS" ? allowedMethods(methods.map((r) => r.method)) : undefined;
    if (allow) return c.text(allow, 200, { allow });
    return c.json({ msg: "Not Found" }, 404);
  });
  app.onError((error, c) => {
    // The JWT helpers' failures carry their answer: a reused refresh token, the store down.
    if (error instanceof HTTPException && error.res) return error.getResponse();
    if (error instanceof HTTPException && error.status < 500) {
      return c.json({ msg: "Bad Request" }, error.status);
    }
    return c.json({ msg: "Internal Server Error" }, 500);
  });

  return app;
}
