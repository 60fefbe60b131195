import express, { type Express, type NextFunction, type Request, type Response } from "express";
import type { JwtManager } from "jwt-extended";
import { expressJwt } from "jwt-extended/express";
import { loginTokens } from "./login-tokens.ts";
import {
  type DemoAnswer,
  listSessions,
  logoutEverywhere,
  revokeSession,
} from "./session-routes.ts";

const send = (res: Response, answer: DemoAnswer): void => {
  res.status(answer.status).set(answer.headers);
  if (answer.setCookie.length > 0) res.append("Set-Cookie", [...answer.setCookie]);
  res.json(answer.body);
};

import type { PublicFile } from "./public-files.ts";

/** The document's example application on Express (BEHAVIOR.md §7). */
export function createExpressApp(jwt: JwtManager, files: ReadonlyMap<string, PublicFile>): Express {
  const app = express();
  const {
    jwtRequired,
    getJwt,
    getJwtIdentity,
    setAccessCookies,
    setRefreshCookies,
    logout,
    refresh,
    jwtErrorHandler,
  } = expressJwt(jwt);

  app.post("/login_without_cookies", async (req, res) => {
    const { accessToken, refreshToken } = await loginTokens(jwt, req.get("user-agent"));
    res.json({ access_token: accessToken, refresh_token: refreshToken });
  });

  app.post("/login_with_cookies", async (req, res) => {
    const { accessToken, refreshToken } = await loginTokens(jwt, req.get("user-agent"));
    setAccessCookies(res, accessToken);
    setRefreshCookies(res, refreshToken);
    res.json({ msg: "login successful" });
  });

  // Revokes the tokens the cookies hold (and their families), then unsets every JWT cookie.
  app.post("/logout_with_cookies", async (req, res) => {
    await logout(req, res);
    res.json({ msg: "logout successful" });
  });

  // Revokes the presented tokens, whatever their location: the access token that passed,
  // a refresh token in the refresh cookie or the JSON body, and their families.
  app.delete("/logout", jwtRequired(), async (req, res) => {
    await logout(req, res);
    res.json({ msg: "logout successful" });
  });

  // Every token of the caller's identity, whatever the login; then the cookies.
  app.delete("/logout_everywhere", jwtRequired(), async (req, res) => {
    send(res, await logoutEverywhere(jwt, getJwtIdentity(req)));
  });

  // The caller's logins (with JWT_REFRESH_ROTATION=true), and ending one of them.
  app.get("/sessions", jwtRequired(), async (req, res) => {
    send(res, await listSessions(jwt, getJwtIdentity(req), getJwt(req)));
  });
  app.delete("/sessions/:id", jwtRequired(), async (req, res) => {
    send(res, await revokeSession(jwt, getJwtIdentity(req), String(req.params.id)));
  });

  const protectedRoute = app.route("/protected").all(jwtRequired());
  for (const method of ["get", "post", "put", "patch", "delete"] as const) {
    protectedRoute[method]((_req, res) => {
      res.json({ foo: "bar" });
    });
  }

  app.get("/only_headers", jwtRequired({ locations: ["headers"] }), (_req, res) => {
    res.json({ foo: "baz" });
  });

  // A new access token; with JWT_REFRESH_ROTATION=true a new refresh token too.
  app.post("/refresh", jwtRequired({ refresh: true }), refresh);

  app.get("/optional", jwtRequired({ optional: true }), (req, res) => {
    res.json({ identity: getJwtIdentity(req) });
  });

  const fresh = jwtRequired({ fresh: true });
  app.get("/fresh", fresh, (_req, res) => {
    res.json({ foo: "fresh" });
  });
  app.post("/fresh", fresh, (_req, res) => {
    res.json({ foo: "fresh" });
  });

  const whoami = [
    jwtRequired(),
    (req: express.Request, res: express.Response) => {
      const { type, fresh } = getJwt(req);
      res.json({ identity: getJwtIdentity(req), type, fresh });
    },
  ];
  app.get("/whoami", ...whoami);
  app.post("/whoami", ...whoami);

  app.get("/{*path}", (req, res, next) => {
    const file = files.get(req.path);
    if (!file) return next();
    res.type(file.contentType).send(file.body);
  });

  // Everything else answers JSON too: an unknown route, or a request Express itself refuses
  // (an undecodable path, say), never an HTML error page.
  app.use((req, res, next) => {
    // OPTIONS goes on to Express's own answer, which lists the route's methods.
    if (req.method === "OPTIONS") return next();
    res.status(404).json({ msg: "Not Found" });
  });
  // The helpers' failures: a reused refresh token (401), the store unreachable (503).
  app.use(jwtErrorHandler());
  app.use((error: { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    const status = typeof error.status === "number" && error.status < 500 ? error.status : 500;
    res.status(status).json({ msg: status === 500 ? "Internal Server Error" : "Bad Request" });
  });

  return app;
}
