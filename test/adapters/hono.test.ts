import { Hono } from "hono";
import { JwtManager } from "jwt-extended";
import { honoJwt } from "jwt-extended/hono";
import { describe, expect, it } from "vitest";
import { postFormWithAccessCookie, postJson } from "../helpers/http.ts";
import { serverPool } from "../helpers/servers.ts";
import { cookieNamesSetBy } from "../helpers/set-cookie.ts";

const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";
const jwt = new JwtManager({ secretKey, tokenLocation: ["json", "cookies"], csrfCheckForm: true });
const { jwtRequired, verifyJwtInRequest, getJwtIdentity, setAccessCookies } = honoJwt(jwt);

const servers = serverPool();

/** A request body without Content-Length: sent chunked. */
const streamOf = (text: string): ReadableStream<Uint8Array> =>
  new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });

describe("bodies on Hono", () => {
  it("leaves the body to the handler: c.req.json() works after the json location", async () => {
    const app = new Hono();
    app.post("/", jwtRequired(), async (c) => c.json({ body: await c.req.json() }));
    const sent = { access_token: await jwt.createAccessToken("alice"), note: "kept" };
    expect(await (await postJson(await servers.fetch(app.fetch), sent)).json()).toEqual({
      body: sent,
    });
  });

  it("leaves the raw Request's body unread too", async () => {
    const app = new Hono();
    app.post("/", jwtRequired(), async (c) => c.json({ body: await c.req.raw.json() }));
    const sent = { access_token: await jwt.createAccessToken("alice") };
    expect(await (await postJson(await servers.fetch(app.fetch), sent)).json()).toEqual({
      body: sent,
    });
  });

  it("reads a body that an earlier middleware already consumed through Hono's cache", async () => {
    const app = new Hono();
    app.use(async (c, next) => {
      await c.req.json();
      await next();
    });
    app.post("/", jwtRequired(), (c) => c.json({ identity: getJwtIdentity(c) }));
    const response = await postJson(await servers.fetch(app.fetch), {
      access_token: await jwt.createAccessToken("alice"),
    });
    expect(await response.json()).toEqual({ identity: "alice" });
  });

  it("leaves the form to c.req.parseBody() after reading the CSRF field", async () => {
    const app = new Hono();
    app.post("/", jwtRequired({ locations: "cookies" }), async (c) =>
      c.json(await c.req.parseBody()),
    );
    const token = await jwt.createAccessToken("alice");
    const form = new URLSearchParams({ csrf_token: (await jwt.getCsrfToken(token)) ?? "", a: "1" });
    const response = await postFormWithAccessCookie(await servers.fetch(app.fetch), token, form);
    expect(await response.json()).toEqual(Object.fromEntries(form));
  });

  it("refuses a body over bodyLimit with a clear 413", async () => {
    const small = new JwtManager({ secretKey, tokenLocation: "json", bodyLimit: 64 });
    const app = new Hono();
    app.post("/", honoJwt(small).jwtRequired(), async (c) => c.json({ body: await c.req.json() }));
    const response = await postJson(await servers.fetch(app.fetch), {
      access_token: await small.createAccessToken("alice"),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ msg: "Request body too large: the limit is 64 bytes" });
  });
});

describe("failures on Hono", () => {
  it("refuses with 413 a body over bodyLimit that an earlier middleware already read", async () => {
    const small = new JwtManager({ secretKey, tokenLocation: "json", bodyLimit: 64 });
    const app = new Hono();
    app.use(async (c, next) => {
      await c.req.text();
      await next();
    });
    app.post("/", honoJwt(small).jwtRequired(), (c) => c.json({ ok: true }));
    // Chunked, so that only reading the body can tell its size.
    const response = await fetch(await servers.fetch(app.fetch), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: streamOf(JSON.stringify({ access_token: await small.createAccessToken("alice") })),
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it("keeps the headers an earlier middleware set with c.header() on the refusal", async () => {
    const app = new Hono();
    app.use(async (c, next) => {
      c.header("x-request-id", "42");
      await next();
    });
    app.post("/", jwtRequired(), (c) => c.json({ ok: true }));
    const response = await postJson(await servers.fetch(app.fetch), {});
    expect(response.status).toBe(401);
    expect(response.headers.get("x-request-id")).toBe("42");
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("throws verifyJwtInRequest's failures as an HTTPException carrying the loader's response", async () => {
    const app = new Hono();
    app.post("/", async (c) => {
      const { identity } = await verifyJwtInRequest(c, { fresh: true });
      return c.json({ identity });
    });
    const base = await servers.fetch(app.fetch);
    const stale = await postJson(base, { access_token: await jwt.createAccessToken("alice") });
    expect(stale.status).toBe(401);
    expect(await stale.json()).toEqual({ msg: "Fresh token required" });
    const fresh = await jwt.createAccessToken("alice", { fresh: true });
    expect(await (await postJson(base, { access_token: fresh })).json()).toEqual({
      identity: "alice",
    });
  });
});

describe("cookies on Hono", () => {
  it("appends every Set-Cookie on the Context", async () => {
    const app = new Hono();
    app.post("/login", async (c) => {
      setAccessCookies(c, await jwt.createAccessToken("alice"));
      return c.json({ ok: true });
    });
    const response = await fetch(`${await servers.fetch(app.fetch)}/login`, { method: "POST" });
    expect(cookieNamesSetBy(response.headers.getSetCookie())).toEqual([
      "access_token_cookie",
      "csrf_access_token",
    ]);
  });
});
