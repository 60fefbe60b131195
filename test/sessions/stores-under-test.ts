import { MemoryTokenStore, type TokenStore } from "jwt-extended";
import { RedisTokenStore } from "jwt-extended/redis";
import { afterAll, beforeAll } from "vitest";
import { type RedisServer, startRedisServer } from "../helpers/redis-server.ts";

/**
 * The stores the sessions features run over: memory, and Redis on a real server started
 * before the file's tests and stopped after them, with every store opened on it closed.
 * Each Redis store gets its own key prefix (`prefix-N:`) unless one is given, so that tests
 * do not see each other's tokens.
 */
export function storesUnderTest(prefix: string) {
  let redis: RedisServer;
  const opened: RedisTokenStore[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await Promise.all(opened.map((store) => store.close()));
    await redis?.close();
  });

  async function openRedisStore(
    keyPrefix = `${prefix}-${opened.length}:`,
  ): Promise<RedisTokenStore> {
    const store = new RedisTokenStore({ url: redis.url, keyPrefix });
    opened.push(store);
    await store.ready();
    return store;
  }

  const stores: [string, () => Promise<TokenStore>][] = [
    ["memory", async () => new MemoryTokenStore()],
    ["Redis", () => openRedisStore()],
  ];
  return { stores, openRedisStore };
}
