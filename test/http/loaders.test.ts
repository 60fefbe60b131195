import express from "express";
import { JwtManager, type JwtResponse } from "jwt-extended";
import { expressJwt } from "jwt-extended/express";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { bearer } from "../helpers/bearer.ts";
import { type Listening, listen } from "../helpers/listen.ts";

const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";

interface User {
  name: string;
}

const users = new Map<string, User>([["alice", { name: "Alice" }]]);
const revoked = new Set<string>();

const jwt = new JwtManager<string, User>({ secretKey });
const replies: string[] = [];
const reply = (name: string, status: number): JwtResponse => {
  replies.push(name);
  return { status, body: { loader: name }, headers: { "x-loader": name } };
};
jwt
  .userLookupLoader(async (_header, payload) => users.get(payload.sub as string))
  .userLookupErrorLoader((_header, payload) => reply(`userLookupError:${payload.sub}`, 404))
  .tokenInBlocklistLoader(async (_header, payload) => revoked.has(payload.jti as string))
  .revokedTokenLoader((_header, payload) => reply(`revoked:${payload.sub}`, 410))
  .expiredTokenLoader((_header, payload) => reply(`expired:${payload.type}`, 419))
  .invalidTokenLoader((message) => reply(`invalid:${message}`, 400))
  .unauthorizedLoader((message) => reply(`unauthorized:${message}`, 403))
  .needsFreshTokenLoader((_header, payload) => reply(`needsFresh:${payload.sub}`, 428))
  .tokenVerificationLoader((_header, payload) => payload.blocked !== true)
  .tokenVerificationFailedLoader(async () => reply("tokenVerificationFailed", 451));

const { jwtRequired, getCurrentUser, getJwtIdentity } = expressJwt(jwt);
const app = express();
app.get("/me", jwtRequired(), (req, res) => {
  const user: User | null = getCurrentUser(req);
  res.json({ user, identity: getJwtIdentity(req) });
});
app.get("/fresh", jwtRequired({ fresh: true }), (_req, res) => {
  res.json({ ok: true });
});
app.get("/unchecked", jwtRequired({ skipRevocationCheck: true }), (_req, res) => {
  res.json({ ok: true });
});

let server: Listening;
beforeAll(async () => {
  server = await listen(app);
});
afterAll(() => server.close());

const get = async (path: string, token?: string) => {
  const response = await fetch(`${server.url}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return {
    status: response.status,
    body: await response.json(),
    loader: response.headers.get("x-loader"),
  };
};

describe("loaders", () => {
  it("userLookup loads the user that the route reads", async () => {
    const result = await get("/me", await jwt.createAccessToken("alice"));
    expect(result).toEqual({
      status: 200,
      body: { user: { name: "Alice" }, identity: "alice" },
      loader: null,
    });
  });

  it("userLookupError answers a token whose user is gone", async () => {
    const result = await get("/me", await jwt.createAccessToken("mallory"));
    expect(result).toEqual({
      status: 404,
      body: { loader: "userLookupError:mallory" },
      loader: "userLookupError:mallory",
    });
  });

  it("tokenInBlocklist and revokedToken answer a revoked token", async () => {
    const token = await jwt.createAccessToken("alice");
    revoked.add((await jwt.decodeToken(token)).jti as string);
    expect(await get("/me", token)).toMatchObject({
      status: 410,
      body: { loader: "revoked:alice" },
    });
  });

  it("skipRevocationCheck lets a revoked token through", async () => {
    const token = await jwt.createAccessToken("alice");
    revoked.add((await jwt.decodeToken(token)).jti as string);
    expect(await get("/unchecked", token)).toMatchObject({ status: 200 });
  });

  it("expiredToken receives the expired token", async () => {
    vi.useFakeTimers({ now: Date.now() - 60_000, toFake: ["Date"] });
    const token = await jwt.createAccessToken("alice", { expiresDelta: 1 });
    vi.useRealTimers();
    expect(await get("/me", token)).toMatchObject({
      status: 419,
      body: { loader: "expired:access" },
    });
  });

  it("invalidToken answers a bad token with its reason", async () => {
    const result = await get("/me", "not.a.token");
    expect(result.status).toBe(400);
    expect(result.loader).toMatch(/^invalid:/);
  });

  it("invalidToken answers a refresh token on an access route", async () => {
    const result = await get("/me", await jwt.createRefreshToken("alice"));
    expect(result).toMatchObject({
      status: 400,
      body: { loader: "invalid:Only non-refresh tokens are allowed" },
    });
  });

  it("unauthorized answers a request without a token", async () => {
    expect(await get("/me")).toMatchObject({
      status: 403,
      body: { loader: "unauthorized:Missing Authorization Header" },
    });
  });

  it("needsFreshToken answers a stale token on a fresh route", async () => {
    expect(await get("/fresh", await jwt.createAccessToken("alice"))).toMatchObject({
      status: 428,
      body: { loader: "needsFresh:alice" },
    });
    expect(
      await get("/fresh", await jwt.createAccessToken("alice", { fresh: true })),
    ).toMatchObject({
      status: 200,
    });
  });

  it("tokenVerification and tokenVerificationFailed refuse claims", async () => {
    const token = await jwt.createAccessToken("alice", { additionalClaims: { blocked: true } });
    expect(await get("/me", token)).toMatchObject({
      status: 451,
      body: { loader: "tokenVerificationFailed" },
    });
  });
});

describe("default loader responses", () => {
  const plain = new JwtManager({ secretKey });
  const blocked = new Set<string>();
  plain.tokenInBlocklistLoader((_h, payload) => blocked.has(payload.jti as string));
  plain.tokenVerificationLoader((_h, payload) => payload.ok !== false);
  plain.userLookupLoader((_h, payload) => (payload.sub === "ghost" ? null : { id: payload.sub }));
  const bound = expressJwt(plain);
  const plainApp = express();
  plainApp.get("/me", bound.jwtRequired(), (_req, res) => {
    res.json({ ok: true });
  });
  let plainServer: Listening;
  beforeAll(async () => {
    plainServer = await listen(plainApp);
  });
  afterAll(() => plainServer.close());

  const call = async (token: string) => {
    const response = await fetch(`${plainServer.url}/me`, {
      headers: bearer(token),
    });
    return { status: response.status, body: await response.json() };
  };

  it("answers a revoked token with 401 Token has been revoked", async () => {
    const token = await plain.createAccessToken("a");
    blocked.add((await plain.decodeToken(token)).jti as string);
    expect(await call(token)).toEqual({ status: 401, body: { msg: "Token has been revoked" } });
  });

  it("answers refused claims with 400 User claims verification failed", async () => {
    const token = await plain.createAccessToken("a", { additionalClaims: { ok: false } });
    expect(await call(token)).toEqual({
      status: 400,
      body: { msg: "User claims verification failed" },
    });
  });

  it("answers an unknown user with 401 Error loading the user", async () => {
    expect(await call(await plain.createAccessToken("ghost"))).toEqual({
      status: 401,
      body: { msg: "Error loading the user ghost" },
    });
  });
});
