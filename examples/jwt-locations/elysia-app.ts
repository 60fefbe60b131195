import { Elysia } from "elysia";
import type { JwtManager } from "jwt-extended";
import { elysiaJwt } from "jwt-extended/elysia";
import { allowedMethods, PROTECTED_METHODS } from "./allowed-methods.ts";
import type { FetchHandler } from "./fetch-app.ts";
import { loginTokens } from "./login-tokens.ts";
import type { PublicFile } from "./public-files.ts";
import {
  answerResponse,
  listSessions,
  logoutEverywhere,
  revokeSession,
  routeKeyOf,
  SESSION_ROUTE,
} from "./session-routes.ts";

/** The document's example application on Elysia (BEHAVIOR.md §7), as its `fetch` handler. */
export function createElysiaApp(
  jwt: JwtManager,
  files: ReadonlyMap<string, PublicFile>,
): FetchHandler {
  const { plugin, getJwtIdentity, setAccessCookies, setRefreshCookies, logout, refresh } =
    elysiaJwt(jwt);
  const paths = new Map<string, string[]>();
  const route = (path: string, ...methods: string[]) => paths.set(path, methods);

  const userAgentOf = (ctx: { request: Request }) => ctx.request.headers.get("user-agent");

  const protectedRoute = () => ({ foo: "bar" });
  const whoami = ({
    jwt: { identity, payload },
  }: {
    jwt: { identity: unknown; payload: Record<string, unknown> };
  }) => ({
    identity,
    type: payload.type,
    fresh: payload.fresh,
  });

  const app = new Elysia()
    .use(plugin)
    .post("/login_without_cookies", async (ctx) => {
      const { accessToken, refreshToken } = await loginTokens(jwt, userAgentOf(ctx));
      return { access_token: accessToken, refresh_token: refreshToken };
    })
    .post("/login_with_cookies", async (ctx) => {
      const { accessToken, refreshToken } = await loginTokens(jwt, userAgentOf(ctx));
      setAccessCookies(ctx, accessToken);
      setRefreshCookies(ctx, refreshToken);
      return { msg: "login successful" };
    })
    // Revokes the tokens the cookies hold (and their families), then unsets every JWT cookie.
    .post("/logout_with_cookies", async (ctx) => {
      await logout(ctx);
      return { msg: "logout successful" };
    })
    .delete(
      "/logout",
      async (ctx) => {
        await logout(ctx);
        return { msg: "logout successful" };
      },
      { jwtRequired: true },
    )
    // Every token of the caller's identity, whatever the login; then the cookies.
    .delete(
      "/logout_everywhere",
      async (ctx) => answerResponse(await logoutEverywhere(jwt, ctx.jwt.identity)),
      { jwtRequired: true },
    )
    // The caller's logins (with JWT_REFRESH_ROTATION=true), and ending one of them.
    .get(
      "/sessions",
      async (ctx) => answerResponse(await listSessions(jwt, ctx.jwt.identity, ctx.jwt.payload)),
      { jwtRequired: true },
    )
    .delete(
      SESSION_ROUTE,
      async (ctx) => answerResponse(await revokeSession(jwt, ctx.jwt.identity, ctx.params.id)),
      { jwtRequired: true },
    )
    .get("/protected", protectedRoute, { jwtRequired: true })
    .post("/protected", protectedRoute, { jwtRequired: true })
    .put("/protected", protectedRoute, { jwtRequired: true })
    .patch("/protected", protectedRoute, { jwtRequired: true })
    .delete("/protected", protectedRoute, { jwtRequired: true })
    .get("/only_headers", () => ({ foo: "baz" }), { jwtRequired: { locations: ["headers"] } })
    // A new access token; with JWT_REFRESH_ROTATION=true a new refresh token too.
    .post("/refresh", (ctx) => refresh(ctx), { jwtRequired: { refresh: true } })
    .get("/optional", (ctx) => ({ identity: getJwtIdentity(ctx) ?? null }), { jwtOptional: true })
    .get("/fresh", () => ({ foo: "fresh" }), { jwtRequired: { fresh: true } })
    .post("/fresh", () => ({ foo: "fresh" }), { jwtRequired: { fresh: true } })
    .get("/whoami", whoami, { jwtRequired: true })
    .post("/whoami", whoami, { jwtRequired: true });
  route("/login_without_cookies", "POST");
  route("/login_with_cookies", "POST");
  route("/logout_with_cookies", "POST");
  route("/logout", "DELETE");
  route("/logout_everywhere", "DELETE");
  route("/sessions", "GET");
  route(SESSION_ROUTE, "DELETE");
  route("/protected", ...PROTECTED_METHODS);
  route("/only_headers", "GET");
  route("/refresh", "POST");
  route("/optional", "GET");
  route("/fresh", "GET", "POST");
  route("/whoami", "GET", "POST");

  // The page, OPTIONS and everything else, in JSON like the other demos.
  app.onError(({ code }) => {
    if (code === "NOT_FOUND") return undefined;
    return new Response(
      JSON.stringify({ msg: code === "PARSE" ? "Bad Request" : "Internal Server Error" }),
      {
        status: code === "PARSE" ? 400 : 500,
        headers: { "content-type": "application/json" },
      },
    );
  });

  return async (request) => {
    const { pathname } = new URL(request.url);
    const methods = paths.get(routeKeyOf(pathname));
    if (request.method === "OPTIONS") {
      const allow = methods && allowedMethods(methods);
      if (allow) return new Response(allow, { headers: { allow, "content-type": "text/plain" } });
    }
    const method = request.method === "HEAD" ? "GET" : request.method;
    if (methods?.includes(method)) return app.handle(request);
    const file = method === "GET" ? files.get(pathname) : undefined;
    if (file) {
      return new Response(new Uint8Array(file.body), {
        headers: { "content-type": file.contentType },
      });
    }
    return Response.json({ msg: "Not Found" }, { status: 404 });
  };
}
