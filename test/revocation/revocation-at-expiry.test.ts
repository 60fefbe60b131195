/**
 * The engine accepts a token up to and including the millisecond `exp` × 1000 (plus the
 * leeway): a revocation must be kept through that millisecond, and forgotten only after it.
 * The clock is frozen (only `Date`: the servers' timers run as usual).
 */
import express from "express";
import { Redis } from "ioredis";
import { JwtManager, MemoryTokenStore } from "jwt-extended";
import { expressJwt } from "jwt-extended/express";
import { RedisTokenStore } from "jwt-extended/redis";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { bearer } from "../helpers/bearer.ts";
import { type Listening, listen } from "../helpers/listen.ts";
import { type RedisServer, startRedisServer } from "../helpers/redis-server.ts";

const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";
/** A whole second, so that `exp` × 1000 is an instant the test can stand on. */
const START = Date.UTC(2030, 0, 1, 12, 0, 0);
const LIFETIME = 60;

describe.each([0, 5])("a revoked token at the edge of its lifetime (decodeLeeway %i)", (leeway) => {
  // The store reads the same frozen clock as the engine.
  const jwt = new JwtManager({
    secretKey,
    decodeLeeway: leeway,
    store: new MemoryTokenStore({ now: () => Date.now() }),
  });
  const { jwtRequired } = expressJwt(jwt);
  let server: Listening;
  beforeAll(async () => {
    const app = express();
    app.get("/protected", jwtRequired(), (_req, res) => {
      res.json({ foo: "bar" });
    });
    server = await listen(app);
  });
  afterAll(() => server?.close());
  afterEach(() => {
    vi.useRealTimers();
  });

  const get = async (token: string) => {
    const res = await fetch(`${server.url}/protected`, {
      headers: bearer(token),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  /** The last millisecond at which the engine accepts a token minted at START. */
  const lastAccepted = START + (LIFETIME + leeway) * 1000;

  const mintAtStart = async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: START });
    return jwt.createAccessToken("alice", { expiresDelta: LIFETIME });
  };

  it("is still refused as revoked at the last millisecond it would verify", async () => {
    const token = await mintAtStart();
    await jwt.revokeToken(token);
    vi.setSystemTime(lastAccepted - 1);
    expect(await get(token)).toEqual({ status: 401, body: { msg: "Token has been revoked" } });
    vi.setSystemTime(lastAccepted);
    expect(await get(token)).toEqual({ status: 401, body: { msg: "Token has been revoked" } });
    vi.setSystemTime(lastAccepted + 1);
    expect(await get(token)).toEqual({ status: 401, body: { msg: "Token has expired" } });
  });

  it("is refused when it is revoked at that very millisecond", async () => {
    const token = await mintAtStart();
    vi.setSystemTime(lastAccepted);
    expect((await get(token)).status).toBe(200);
    await jwt.revokeToken(token);
    expect(await get(token)).toEqual({ status: 401, body: { msg: "Token has been revoked" } });
  });
});

describe("the Redis store's copy of a revocation", () => {
  let redis: RedisServer;
  let raw: Redis;
  let store: RedisTokenStore;
  beforeAll(async () => {
    redis = await startRedisServer();
    raw = new Redis(redis.url);
    store = new RedisTokenStore({ url: redis.url, keyPrefix: "edge:" });
    await store.ready();
  });
  afterAll(async () => {
    await store?.close();
    raw?.disconnect();
    await redis?.close();
  });

  it("expires after the last millisecond the token verifies, with the decode leeway", async () => {
    const jwt = new JwtManager({ secretKey, decodeLeeway: 5, store });
    const token = await jwt.createAccessToken("alice", { expiresDelta: LIFETIME });
    const { jti, exp } = await jwt.decodeToken(token);
    await jwt.revokeToken(token);
    // PEXPIRETIME: the absolute instant Redis drops the key (Redis keeps it through it).
    const expiresAt = Number(await raw.call("PEXPIRETIME", `edge:revoked:{alice}:${jti}`));
    expect(expiresAt).toBeGreaterThan(((exp as number) + 5) * 1000);
  });
});
