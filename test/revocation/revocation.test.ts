import express from "express";
import { ConfigurationError, JwtManager, MemoryTokenStore, type TokenStore } from "jwt-extended";
import { expressJwt } from "jwt-extended/express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_FRAMEWORKS } from "../../examples/jwt-locations/server.ts";
import { bearer } from "../helpers/bearer.ts";
import { loginWithCookies, loginWithoutCookies } from "../helpers/demo-login.ts";
import { type RunningDemo, startDemo } from "../helpers/demo-server.ts";
import { type Listening, listen } from "../helpers/listen.ts";

const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";
const REVOKED = { msg: "Token has been revoked" };
describe("a manager given a store", () => {
  const jwt = new JwtManager({ secretKey, store: new MemoryTokenStore() });
  const { jwtRequired, getJwt } = expressJwt(jwt);
  let server: Listening;
  beforeAll(async () => {
    const app = express();
    app.get("/protected", jwtRequired(), (req, res) => {
      res.json({ jti: getJwt(req).jti });
    });
    app.get("/unchecked", jwtRequired({ skipRevocationCheck: true }), (_req, res) => {
      res.json({ ok: true });
    });
    server = await listen(app);
  });
  afterAll(() => server?.close());

  const get = (path: string, token: string) =>
    fetch(`${server.url}${path}`, { headers: bearer(token) });

  it("refuses a token revoked by its encoded form with 401 Token has been revoked", async () => {
    const token = await jwt.createAccessToken("alice");
    expect((await get("/protected", token)).status).toBe(200);
    await jwt.revokeToken(token);
    const res = await get("/protected", token);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(REVOKED);
  });

  it("refuses a token revoked by its payload, and lets other tokens through", async () => {
    const [token, other] = await Promise.all([
      jwt.createAccessToken("alice"),
      jwt.createAccessToken("alice"),
    ]);
    await jwt.revokeToken(await jwt.decodeToken(token));
    expect((await get("/protected", token)).status).toBe(401);
    expect((await get("/protected", other)).status).toBe(200);
  });

  it("revokes a whole login with { family: true }", async () => {
    const pair = await jwt.createTokenPair("alice");
    const unrelated = await jwt.createTokenPair("alice");
    await jwt.revokeToken(pair.refreshToken, { family: true });
    expect((await get("/protected", pair.accessToken)).status).toBe(401);
    expect((await get("/protected", unrelated.accessToken)).status).toBe(200);
  });

  it("skips the check on a route with skipRevocationCheck", async () => {
    const token = await jwt.createAccessToken("alice");
    await jwt.revokeToken(token);
    expect((await get("/unchecked", token)).status).toBe(200);
  });

  it("refuses to revoke a token whose signature does not verify", async () => {
    const foreign = await new JwtManager({
      secretKey: "another-secret-of-thirty-two-bytes!!!",
    }).createAccessToken("alice");
    await expect(jwt.revokeToken(foreign)).rejects.toMatchObject({ code: "DECODE" });
  });
});

describe("a manager's store configuration", () => {
  it("refuses revokeToken without a store", async () => {
    const jwt = new JwtManager({ secretKey });
    await expect(jwt.revokeToken(await jwt.createAccessToken("a"))).rejects.toThrow(
      /revokeToken: the manager has no store/,
    );
  });

  it("refuses a store that is not a TokenStore, and a storeTimeout of zero", () => {
    expect(
      () => new JwtManager({ secretKey, store: { get: () => null } as unknown as TokenStore }),
    ).toThrow(/store: expected a TokenStore, got an object without set, setIfAbsent, hasAny/);
    expect(
      () => new JwtManager({ secretKey, store: new MemoryTokenStore(), storeTimeout: 0 }),
    ).toThrow(ConfigurationError);
  });

  it("reads the new options from JWT_* names", () => {
    const jwt = JwtManager.fromEnv({
      JWT_SECRET_KEY: secretKey,
      JWT_REFRESH_ROTATION: "true",
      JWT_REFRESH_ROTATION_GRACE: "2",
      JWT_IMPLICIT_REFRESH_WINDOW: "1800",
      JWT_STORE_TIMEOUT: "0.5",
    });
    expect(jwt.options).toMatchObject({
      refreshRotation: true,
      refreshRotationGrace: 2,
      implicitRefreshWindow: 1800,
      storeTimeout: 0.5,
    });
  });

  it("answers 503 when a store fails, never letting the token through", async () => {
    const failing: TokenStore = {
      get: () => Promise.reject(new Error("down")),
      set: () => Promise.reject(new Error("down")),
      setIfAbsent: () => Promise.reject(new Error("down")),
      hasAny: () => new Promise(() => {}), // never answers
    };
    const jwt = new JwtManager({ secretKey, store: failing, storeTimeout: 0.2 });
    const app = express();
    app.get("/protected", expressJwt(jwt).jwtRequired(), (_req, res) => {
      res.json({ ok: true });
    });
    const server = await listen(app);
    try {
      const res = await fetch(`${server.url}/protected`, {
        headers: bearer(await jwt.createAccessToken("a")),
      });
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ msg: "Token revocation store unavailable" });
    } finally {
      await server.close();
    }
  });
});

describe.each(DEMO_FRAMEWORKS)("logout on the %s demo (in-memory store)", (framework) => {
  let demo: RunningDemo;
  beforeAll(async () => {
    demo = await startDemo({ framework });
  });
  afterAll(() => demo?.close());

  const post = (path: string, init: RequestInit = {}) =>
    fetch(`${demo.url}${path}`, { method: "POST", ...init });

  it("POST /logout_with_cookies revokes the access and refresh cookies it was sent", async () => {
    const jar = await loginWithCookies(demo.url);
    const cookies = jar.header() as string;
    expect((await fetch(`${demo.url}/protected`, { headers: { cookie: cookies } })).status).toBe(
      200,
    );

    const logout = await post("/logout_with_cookies", { headers: { cookie: cookies } });
    expect(logout.status).toBe(200);
    expect(await logout.json()).toEqual({ msg: "logout successful" });

    // The browser dropped them; a copy taken before the logout no longer works either.
    const access = await fetch(`${demo.url}/protected`, { headers: { cookie: cookies } });
    expect(access.status).toBe(401);
    expect(await access.json()).toEqual(REVOKED);
    const refresh = await post("/refresh", {
      headers: { cookie: cookies, "X-CSRF-TOKEN": jar.get("csrf_refresh_token") as string },
    });
    expect(refresh.status).toBe(401);
    expect(await refresh.json()).toEqual(REVOKED);
  });

  it("DELETE /logout revokes the header token and a refresh token sent in the JSON body", async () => {
    const { access, refresh: refreshToken } = await loginWithoutCookies(demo.url);
    const logout = await fetch(`${demo.url}/logout`, {
      method: "DELETE",
      headers: { ...bearer(access), "content-type": "application/json" },
      body: JSON.stringify({ refresh_token: refreshToken }),
    });
    expect(logout.status).toBe(200);
    expect((await fetch(`${demo.url}/protected`, { headers: bearer(access) })).status).toBe(401);
    const refreshed = await post("/refresh", { headers: bearer(refreshToken) });
    expect(refreshed.status).toBe(401);
    expect(await refreshed.json()).toEqual(REVOKED);
  });

  it("DELETE /logout with cookies needs the CSRF header, like every cookie route", async () => {
    const jar = await loginWithCookies(demo.url);
    const cookie = jar.header() as string;
    const refused = await fetch(`${demo.url}/logout`, { method: "DELETE", headers: { cookie } });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ msg: "Missing CSRF token" });
    const done = await fetch(`${demo.url}/logout`, {
      method: "DELETE",
      headers: { cookie, "X-CSRF-TOKEN": jar.get("csrf_access_token") as string },
    });
    expect(done.status).toBe(200);
    expect((await fetch(`${demo.url}/protected`, { headers: { cookie } })).status).toBe(401);
  });
});
