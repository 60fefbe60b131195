import express, { type Request } from "express";
import { JwtManager } from "jwt-extended";
import { expressJwt } from "jwt-extended/express";
import { beforeAll, describe, expect, it } from "vitest";
import { bearer } from "../helpers/bearer.ts";
import { serverPool } from "../helpers/servers.ts";

const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";
const jwt = new JwtManager({ secretKey, tokenLocation: ["json", "cookies"], csrfCheckForm: true });
const bound = expressJwt(jwt);
const echo = (req: Request) => ({ body: req.body ?? null, identity: bound.getJwtIdentity(req) });

const servers = serverPool();

describe("the json location on Express", () => {
  let withParser: string;
  let withoutParser: string;
  beforeAll(async () => {
    const parsed = express();
    parsed.use(express.json());
    parsed.post("/echo", bound.jwtRequired(), (req, res) => {
      res.json(echo(req));
    });
    withParser = await servers.node(parsed);
    const raw = express();
    raw.post("/echo", bound.jwtRequired(), express.json(), (req, res) => {
      res.json(echo(req));
    });
    withoutParser = await servers.node(raw);
  });

  it.each([
    ["with express.json() installed first", () => withParser],
    ["without a body parser, leaving the body to the handler", () => withoutParser],
  ])("reads the token %s", async (_name, base) => {
    const token = await jwt.createAccessToken("alice");
    const response = await fetch(`${base()}/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ access_token: token, note: "kept" }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      body: { access_token: token, note: "kept" },
      identity: "alice",
    });
  });

  it("answers an unparsable body with the contract's message, as JSON", async () => {
    const response = await fetch(`${withoutParser}/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    expect(await response.json()).toEqual({
      msg: 'Missing JWT in json or cookies (Missing "access_token" key in json data.; Missing cookie "access_token_cookie")',
    });
  });

  it("refuses a body over the limit with a clear 413, without reading it all", async () => {
    const small = new JwtManager({ secretKey, tokenLocation: "json", bodyLimit: 64 });
    const app = express();
    app.post("/echo", expressJwt(small).jwtRequired(), (_req, res) => {
      res.json({ ok: true });
    });
    const base = await servers.node(app);
    const response = await fetch(`${base}/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        access_token: await small.createAccessToken("a"),
        pad: "x".repeat(1000),
      }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ msg: "Request body too large: the limit is 64 bytes" });
  });
});

describe("the CSRF form field on Express", () => {
  let base: string;
  beforeAll(async () => {
    const app = express();
    app.post(
      "/form",
      bound.jwtRequired({ locations: "cookies" }),
      express.urlencoded(),
      (req, res) => {
        res.json(echo(req));
      },
    );
    base = await servers.node(app);
  });

  const cookieHeader = async () => {
    const token = await jwt.createAccessToken("alice");
    return {
      cookie: `access_token_cookie=${token}`,
      csrf: (await jwt.getCsrfToken(token)) as string,
    };
  };

  it("accepts the value from an urlencoded field and leaves the fields to the handler", async () => {
    const { cookie, csrf } = await cookieHeader();
    const response = await fetch(`${base}/form`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrf_token: csrf, comment: "hello" }).toString(),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      body: { csrf_token: csrf, comment: "hello" },
      identity: "alice",
    });
  });

  it("accepts the value from a multipart field", async () => {
    const { cookie, csrf } = await cookieHeader();
    const form = new FormData();
    form.set("csrf_token", csrf);
    const response = await fetch(`${base}/form`, {
      method: "POST",
      headers: { cookie },
      body: form,
    });
    expect(response.status).toBe(200);
  });

  it("refuses a form without the field", async () => {
    const { cookie } = await cookieHeader();
    const response = await fetch(`${base}/form`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: "comment=hello",
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ msg: "Missing CSRF token" });
  });
});

describe("CSRF on a route that alone enables cookies", () => {
  it("still requires the double-submit value", async () => {
    const headersOnly = new JwtManager({ secretKey });
    const app = express();
    app.post(
      "/cookie-route",
      expressJwt(headersOnly).jwtRequired({ locations: ["cookies"] }),
      (_req, res) => {
        res.json({ ok: true });
      },
    );
    const base = await servers.node(app);
    const token = await headersOnly.createAccessToken("alice");
    const cookie = `access_token_cookie=${token}`;
    const refused = await fetch(`${base}/cookie-route`, { method: "POST", headers: { cookie } });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ msg: "Missing CSRF token" });
    const accepted = await fetch(`${base}/cookie-route`, {
      method: "POST",
      headers: { cookie, "x-csrf-token": (await headersOnly.getCsrfToken(token)) as string },
    });
    expect(accepted.status).toBe(200);
  });
});

describe("verifyJwtInRequest, accessors and cookie helpers", () => {
  let base: string;
  beforeAll(async () => {
    const headers = new JwtManager({
      secretKey,
      cookieDomain: "example.test",
      sessionCookie: false,
    });
    const api = expressJwt(headers);
    const app = express();
    app.get("/inline", async (req, res) => {
      const context = await api.verifyJwtInRequest(req, { optional: true });
      res.json({ identity: context.identity, location: api.getJwtRequestLocation(req) });
    });
    app.get("/too-early", (req, res) => {
      res.json({ identity: api.getJwtIdentity(req) });
    });
    app.get("/cookies", async (_req, res) => {
      api.setAccessCookies(res, await headers.createAccessToken("a"), {
        maxAge: 60,
        domain: "other.test",
      });
      api.setRefreshCookies(res, await headers.createRefreshToken("a"));
      api.unsetAccessCookies(res);
      res.json({});
    });
    app.use(api.jwtErrorHandler());
    app.use(
      (_error: unknown, _req: Request, res: express.Response, _next: express.NextFunction) => {
        res.status(500).json({ msg: "application error" });
      },
    );
    base = await servers.node(app);
  });

  it("verifies inside a handler and reports where the token was", async () => {
    const token = await jwt.createAccessToken("alice");
    const response = await fetch(`${base}/inline`, {
      headers: bearer(token),
    });
    expect(await response.json()).toEqual({ identity: "alice", location: "headers" });
    const anonymous = await fetch(`${base}/inline`);
    expect(await anonymous.json()).toEqual({ identity: null, location: null });
  });

  it("answers an inline failure through jwtErrorHandler", async () => {
    const response = await fetch(`${base}/inline`, { headers: { authorization: "Bearer a.b.c" } });
    expect(response.status).toBe(422);
    expect(Object.keys(await response.json())).toEqual(["msg"]);
  });

  it("refuses to read the JWT of an unverified request", async () => {
    const response = await fetch(`${base}/too-early`);
    expect(response.status).toBe(500);
  });

  it("writes the cookie attributes from options and per-call overrides", async () => {
    const before = Date.now();
    const response = await fetch(`${base}/cookies`);
    const after = Date.now();
    const cookies = response.headers.getSetCookie();
    expect(cookies).toHaveLength(6);
    expect(cookies[0]).toMatch(
      /^access_token_cookie=ey[^;]+; Max-Age=60; Domain=other.test; Path=\/; Expires=[^;]+ GMT; HttpOnly$/,
    );
    expect(cookies[1]).toMatch(
      /^csrf_access_token=[0-9a-f-]{36}; Max-Age=60; Domain=other.test; Path=\/; Expires=[^;]+ GMT$/,
    );
    expect(cookies[2]).toMatch(
      /^refresh_token_cookie=ey[^;]+; Max-Age=31540000; Domain=example.test; Path=\/; Expires=[^;]+ GMT; HttpOnly$/,
    );
    // Expires is the Max-Age from the moment the cookie was written (to the second).
    const expiresOf = (line: string | undefined) =>
      Date.parse(/Expires=([^;]+)/.exec(line ?? "")?.[1] ?? "");
    for (const [line, maxAge] of [
      [cookies[0], 60],
      [cookies[2], 31_540_000],
    ] as const) {
      expect(expiresOf(line)).toBeGreaterThanOrEqual(
        Math.floor((before + maxAge * 1000) / 1000) * 1000,
      );
      expect(expiresOf(line)).toBeLessThanOrEqual(after + maxAge * 1000);
    }
    expect(cookies[4]).toBe(
      "access_token_cookie=; Domain=example.test; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly",
    );
    expect(cookies[5]).toBe(
      "csrf_access_token=; Domain=example.test; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
    );
  });
});

describe("protect: a handler behind a required guard, given the verified context", () => {
  const headerJwt = new JwtManager({ secretKey });
  const { protect, jwtErrorHandler } = expressJwt(headerJwt);
  let url: string;
  beforeAll(async () => {
    const app = express();
    app.get(
      "/me",
      protect((_req, res, jwt) => res.json({ identity: jwt.identity })),
    );
    app.get(
      "/fresh",
      protect((_req, res) => res.json({}), { fresh: true }),
    );
    app.use(jwtErrorHandler());
    url = await servers.node(app);
  });

  it("runs the handler with the identity of a valid token", async () => {
    const token = await headerJwt.createAccessToken("alice");
    const res = await fetch(`${url}/me`, { headers: bearer(token) });
    expect([res.status, await res.json()]).toEqual([200, { identity: "alice" }]);
  });

  it("answers a refused request as jwtRequired does, without running the handler", async () => {
    const token = await headerJwt.createAccessToken("alice");
    const res = await fetch(`${url}/fresh`, { headers: bearer(token) });
    expect([res.status, await res.json()]).toEqual([401, { msg: "Fresh token required" }]);
  });
});
