import { RedisTokenStore } from "jwt-extended/redis";
import { afterAll, beforeAll } from "vitest";
import { type RedisServer, startRedisServer } from "../helpers/redis-server.ts";
import { storeConformance } from "./store-conformance.ts";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.close();
});

// Each client its own connection, once connected (before that, every call fails fast).
storeConformance("Redis", {
  async open() {
    const store = new RedisTokenStore({ url: redis.url });
    if (!(await store.ready(10_000))) throw new Error("Redis did not answer");
    return store;
  },
});
