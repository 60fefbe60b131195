import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { JwtManager } from "jwt-extended";
import { honoJwt } from "jwt-extended/hono";
import { allowedMethods } from "./allowed-methods.ts";
import type { PublicFile } from "./public-files.ts";

/** The document's example application on Hono (BEHAVIOR.md §7). */
export function createHonoApp(jwt: JwtManager, files: ReadonlyMap<string, PublicFile>): Hono {
  const app = new Hono();
  const { jwtRequired, getJwtIdentity, setAccessCookies, setRefreshCookies, unsetJwtCookies } =
    honoJwt(jwt);

  app.post("/login_without_cookies", async (c) =>
    c.json({
      access_token: await jwt.createAccessToken("example_user", { fresh: true }),
      refresh_token: await jwt.createRefreshToken("example_user"),
    }),
  );

  app.post("/login_with_cookies", async (c) => {
    setAccessCookies(c, await jwt.createAccessToken("example_user", { fresh: true }));
    setRefreshCookies(c, await jwt.createRefreshToken("example_user"));
    return c.json({ msg: "login successful" });
  });

  app.post("/logout_with_cookies", (c) => {
    unsetJwtCookies(c);
    return c.json({ msg: "logout successful" });
  });

  app.on(["GET", "POST", "PUT", "PATCH", "DELETE"], "/protected", jwtRequired(), (c) =>
    c.json({ foo: "bar" }),
  );

  app.get("/only_headers", jwtRequired({ locations: ["headers"] }), (c) => c.json({ foo: "baz" }));

  // The middleware types c.get("jwt") for the handlers after it.
  app.post("/refresh", jwtRequired({ refresh: true }), async (c) =>
    c.json({ access_token: await jwt.createAccessToken(c.get("jwt").identity) }),
  );

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
    if (error instanceof HTTPException && error.status < 500) {
      return c.json({ msg: "Bad Request" }, error.status);
    }
    return c.json({ msg: "Internal Server Error" }, 500);
  });

  return app;
}
