import express, { type Express, type NextFunction, type Request, type Response } from "express";
import type { JwtManager } from "jwt-extended";
import { expressJwt } from "jwt-extended/express";
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
    unsetJwtCookies,
  } = expressJwt(jwt);

  app.post("/login_without_cookies", async (_req, res) => {
    res.json({
      access_token: await jwt.createAccessToken("example_user", { fresh: true }),
      refresh_token: await jwt.createRefreshToken("example_user"),
    });
  });

  app.post("/login_with_cookies", async (_req, res) => {
    setAccessCookies(res, await jwt.createAccessToken("example_user", { fresh: true }));
    setRefreshCookies(res, await jwt.createRefreshToken("example_user"));
    res.json({ msg: "login successful" });
  });

  app.post("/logout_with_cookies", (_req, res) => {
    unsetJwtCookies(res);
    res.json({ msg: "logout successful" });
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

  app.post("/refresh", jwtRequired({ refresh: true }), async (req, res) => {
    res.json({ access_token: await jwt.createAccessToken(getJwtIdentity(req)) });
  });

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
  app.use((_req, res) => {
    res.status(404).json({ msg: "Not Found" });
  });
  app.use((error: { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    const status = typeof error.status === "number" && error.status < 500 ? error.status : 500;
    res.status(status).json({ msg: status === 500 ? "Internal Server Error" : "Bad Request" });
  });

  return app;
}
