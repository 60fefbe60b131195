import { bodyParser } from "@koa/bodyparser";
import { JwtManager } from "jwt-extended";
import { koaJwt } from "jwt-extended/koa";
import Koa, { type Middleware } from "koa";
import { describe, expect, it } from "vitest";
import { bearer } from "../helpers/bearer.ts";
import { answerToFreshOnly } from "../helpers/fresh-inline.ts";
import { postFormWithAccessCookie, postJson } from "../helpers/http.ts";
import { serverPool } from "../helpers/servers.ts";
import { cookieNamesSetBy } from "../helpers/set-cookie.ts";

const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";
const jwt = new JwtManager({ secretKey, tokenLocation: ["json", "cookies"], csrfCheckForm: true });
const bound = koaJwt(jwt);
const { jwtRequired, jwtErrorHandler, verifyJwtInRequest, getJwtIdentity } = bound;

const servers = serverPool();

/** An app of these middleware, answering the body the handler sees and the identity. */
const echoApp = (...middleware: Middleware[]) => {
  const app = new Koa();
  for (const layer of middleware) app.use(layer);
  app.use((ctx) => {
    const { body } = ctx.request as { body?: unknown };
    ctx.body = { body: body ?? null, identity: getJwtIdentity(ctx) };
  });
  return servers.node(app.callback());
};

describe("bodies on Koa", () => {
  it.each([
    ["with @koa/bodyparser installed first", () => echoApp(bodyParser(), jwtRequired())],
    [
      "without a body parser, leaving the body parsed for the handler",
      () => echoApp(jwtRequired()),
    ],
    ["with @koa/bodyparser after the guard", () => echoApp(jwtRequired(), bodyParser())],
  ])("reads the json location %s", async (_name, start) => {
    const sent = { access_token: await jwt.createAccessToken("alice"), note: "kept" };
    const response = await postJson(await start(), sent);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ body: sent, identity: "alice" });
  });

  it.each([
    ["with @koa/bodyparser installed first", () => echoApp(bodyParser(), jwtRequired())],
    ["without a body parser", () => echoApp(jwtRequired())],
  ])("reads the CSRF form field %s", async (_name, start) => {
    const token = await jwt.createAccessToken("alice");
    const form = { csrf_token: (await jwt.getCsrfToken(token)) ?? "", a: "1" };
    const response = await postFormWithAccessCookie(await start(), token, form);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ body: form, identity: "alice" });
  });

  it("refuses a body over bodyLimit with a clear 413, as JSON", async () => {
    const small = new JwtManager({ secretKey, tokenLocation: "json", bodyLimit: 64 });
    const response = await postJson(await echoApp(koaJwt(small).jwtRequired()), {
      access_token: await small.createAccessToken("alice"),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ msg: "Request body too large: the limit is 64 bytes" });
  });
});

describe("failures on Koa", () => {
  const inline: Middleware = async (ctx) => {
    const { identity } = await verifyJwtInRequest(ctx, { fresh: true });
    ctx.body = { identity, state: ctx.state.jwt.identity };
  };

  it("answers verifyJwtInRequest's failures through jwtErrorHandler with the loaders' JSON", async () => {
    const base = await servers.node(new Koa().use(jwtErrorHandler()).use(inline).callback());
    expect(await answerToFreshOnly(base, jwt)).toEqual({ identity: "alice", state: "alice" });
  });

  it("leaves every other error to Koa's own error handling", async () => {
    const app = new Koa().use(jwtErrorHandler()).use(() => {
      throw Object.assign(new Error("teapot"), { status: 418, expose: true });
    });
    const response = await fetch(await servers.node(app.callback()));
    expect(response.status).toBe(418);
    expect(await response.text()).toBe("teapot");
  });

  it("still answers the failure's status through Koa's default handler, without jwtErrorHandler", async () => {
    const app = new Koa().use(inline);
    app.silent = true;
    const response = await postJson(await servers.node(app.callback()), {});
    expect(response.status).toBe(401);
  });

  it("keeps the headers an earlier middleware set on the guard's refusal", async () => {
    const app = new Koa()
      .use((ctx, next) => {
        ctx.set("x-request-id", "42");
        return next();
      })
      .use(jwtRequired());
    const response = await postJson(await servers.node(app.callback()), {});
    expect(response.status).toBe(401);
    expect(response.headers.get("x-request-id")).toBe("42");
  });
});

describe("route options and cookies on Koa", () => {
  it("applies a guard's options: headers only refuses a token in the JSON body", async () => {
    const headers = new JwtManager({ secretKey, tokenLocation: ["headers", "json"] });
    const base = await echoApp(koaJwt(headers).jwtRequired({ locations: ["headers"] }));
    const token = await headers.createAccessToken("alice");
    expect((await postJson(base, { access_token: token })).status).toBe(401);
    const inHeader = await fetch(base, { method: "POST", headers: bearer(token) });
    expect(await inHeader.json()).toEqual({ body: null, identity: "alice" });
  });

  it("appends the cookie writers' Set-Cookie, and unsetJwtCookies unsets them", async () => {
    const app = new Koa().use(async (ctx) => {
      if (ctx.path === "/login") bound.setAccessCookies(ctx, await jwt.createAccessToken("alice"));
      else bound.unsetJwtCookies(ctx);
      ctx.body = { ok: true };
    });
    const base = await servers.node(app.callback());
    const login = await fetch(`${base}/login`, { method: "POST" });
    const names = ["access_token_cookie", "csrf_access_token"];
    expect(cookieNamesSetBy(login.headers.getSetCookie())).toEqual(names);
    const logout = await fetch(`${base}/logout`, { method: "POST" });
    expect(cookieNamesSetBy(logout.headers.getSetCookie()).sort()).toEqual(
      [...names, "refresh_token_cookie", "csrf_refresh_token"].sort(),
    );
  });

  it("renews after the route, and leaves alone a route that wrote to ctx.res itself", async () => {
    const due = new JwtManager({
      secretKey,
      tokenLocation: "cookies",
      accessTokenExpires: 600,
      implicitRefreshWindow: "30m",
    });
    const guard = koaJwt(due).jwtRequired();
    const app = new Koa().use(guard).use((ctx) => {
      if (ctx.path !== "/raw") {
        ctx.body = { ok: true };
        return;
      }
      ctx.respond = false;
      ctx.res.writeHead(200, { "content-type": "text/plain" }).end("raw");
    });
    const base = await servers.node(app.callback());
    const auth = { cookie: `access_token_cookie=${await due.createAccessToken("alice")}` };
    const renewed = await fetch(`${base}/ok`, { headers: auth });
    expect(cookieNamesSetBy(renewed.headers.getSetCookie())).toEqual([
      "access_token_cookie",
      "csrf_access_token",
    ]);
    const raw = await fetch(`${base}/raw`, { headers: auth });
    expect([raw.status, await raw.text(), raw.headers.getSetCookie()]).toEqual([200, "raw", []]);
    expect((await fetch(`${base}/ok`, { headers: auth })).status).toBe(200);
  });

  it("answers a refresh behind jwtRequired({ refresh: true }) with a new access token", async () => {
    const app = new Koa().use(jwtRequired({ refresh: true })).use(bound.refresh);
    const response = await postJson(await servers.node(app.callback()), {
      refresh_token: await jwt.createRefreshToken("alice"),
    });
    expect(response.status).toBe(200);
    expect(Object.keys(await response.json())).toEqual(["access_token"]);
  });
});
