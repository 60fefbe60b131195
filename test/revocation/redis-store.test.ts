import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { JwtManager } from "jwt-extended";
import { FAIL_FAST_REDIS_OPTIONS, RedisTokenStore } from "jwt-extended/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer } from "../helpers/bearer.ts";
import { loginWithoutCookies } from "../helpers/demo-login.ts";
import { startDemo } from "../helpers/demo-server.ts";
import { type RedisServer, startRedisServer } from "../helpers/redis-server.ts";

let redis: RedisServer;
let raw: Redis;
const stores: RedisTokenStore[] = [];

/** A store with its own connection, once connected (before that, every call fails fast). */
const newStore = async (keyPrefix?: string): Promise<RedisTokenStore> => {
  const store = new RedisTokenStore({ url: redis.url, ...(keyPrefix ? { keyPrefix } : {}) });
  stores.push(store);
  expect(await store.ready()).toBe(true);
  return store;
};

beforeAll(async () => {
  redis = await startRedisServer();
  raw = new Redis(redis.url);
});

afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  raw?.disconnect();
  await redis?.close();
});

describe("the Redis token store", () => {
  it("writes under the key prefix, and expires keys after the TTL it is given", async () => {
    const store = await newStore();
    await store.set("revoked:abc", "1", 60_000);
    expect(await raw.get("jwt-extended:revoked:abc")).toBe("1");
    const pttl = await raw.pttl("jwt-extended:revoked:abc");
    expect(pttl).toBeGreaterThan(55_000);
    expect(pttl).toBeLessThanOrEqual(60_000);
    expect(await store.get("revoked:abc")).toBe("1");
    await store.set("revoked:short", "1", 50);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await store.get("revoked:short")).toBeNull();
  });

  it("keeps keys apart by prefix, for applications sharing one Redis", async () => {
    await (await newStore("app-one:")).set("revoked:shared", "1", 60_000);
    expect(await (await newStore("app-two:")).hasAny(["revoked:shared"])).toBe(false);
    const again = await newStore("app-one:");
    expect(await again.hasAny(["revoked:nope", "revoked:shared"])).toBe(true);
  });

  it("lets exactly one of many concurrent setIfAbsent calls from two clients win", async () => {
    const [one, two] = await Promise.all([newStore(), newStore()]);
    const calls = Array.from({ length: 40 }, (_, i) =>
      (i % 2 === 0 ? one : two).setIfAbsent("used:race", `caller-${i}`, 60_000),
    );
    const results = await Promise.all(calls);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await raw.get("jwt-extended:used:race")).toBe(`caller-${results.indexOf(true)}`);
    expect(await raw.pttl("jwt-extended:used:race")).toBeGreaterThan(0);
  });

  it("revokes a token for exactly its remaining lifetime (plus the decode leeway)", async () => {
    const store = await newStore("ttl-test:");
    const jwt = new JwtManager({
      secretKey: "a-secret-of-at-least-thirty-two-bytes!!",
      store,
      accessTokenExpires: 600,
      decodeLeeway: 5,
    });
    const token = await jwt.createAccessToken("alice");
    const { jti } = await jwt.decodeToken(token);
    await jwt.revokeToken(token);
    const pttl = await raw.pttl(`ttl-test:revoked:{alice}:${jti}`);
    expect(pttl).toBeGreaterThan(595_000);
    expect(pttl).toBeLessThanOrEqual(605_000);
  });

  it("leaves a client it was given open on close()", async () => {
    const client = new Redis(redis.url, FAIL_FAST_REDIS_OPTIONS);
    const store = new RedisTokenStore({ client });
    expect(await store.ready()).toBe(true);
    await store.close();
    expect(await client.ping()).toBe("PONG");
    client.disconnect();
  });

  it("never scans keys while serving protected requests: one MGET per check", async () => {
    const demo = await startDemo({ env: { REDIS_URL: redis.url } });
    const monitor = await raw.duplicate().monitor();
    const commands: string[] = [];
    monitor.on("monitor", (_time: string, args: string[]) => {
      commands.push(String(args[0]).toUpperCase());
    });
    try {
      const { access: access_token } = await loginWithoutCookies(demo.url);
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${demo.url}/protected`, {
          headers: bearer(access_token),
        });
        expect(res.status).toBe(200);
      }
      // The monitor shows commands in the order Redis ran them: once a marker sent after the
      // last answer shows, so has every command the requests made.
      const marker = `after-the-requests-${randomUUID()}`;
      const markerSeen = new Promise<void>((resolve) => {
        monitor.on("monitor", (_time: string, args: string[]) => {
          if (args[1] === marker) resolve();
        });
      });
      await raw.echo(marker);
      await markerSeen;
    } finally {
      monitor.disconnect();
      await demo.close();
    }
    expect(commands.filter((name) => name === "MGET")).toHaveLength(5);
    expect(commands.filter((name) => ["KEYS", "SCAN"].includes(name))).toEqual([]);
  });
});

describe("a Redis token store that has not connected yet", () => {
  it("fails at once rather than queueing the command", async () => {
    const store = new RedisTokenStore({ url: "redis://127.0.0.1:1" });
    stores.push(store);
    const started = Date.now();
    await expect(store.get("revoked:x")).rejects.toThrow(/enableOfflineQueue/);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await store.ready(200)).toBe(false);
  });
});
