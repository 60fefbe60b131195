import { Redis } from "ioredis";
import { FAIL_FAST_REDIS_OPTIONS, RedisTokenStore } from "jwt-extended/redis";
import { afterAll, beforeAll } from "vitest";
import { type RedisSentinel, startRedisSentinel } from "../helpers/redis-sentinel.ts";
import { type RedisServer, startRedisServer } from "../helpers/redis-server.ts";
import { storeConformance } from "./store-conformance.ts";

let master: RedisServer;
let sentinel: RedisSentinel;
const clients: Redis[] = [];

beforeAll(async () => {
  master = await startRedisServer();
  sentinel = await startRedisSentinel(master.port);
});
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await sentinel?.close();
  await master?.close();
});

// The application's client finds the master through Sentinel; the store takes the client.
storeConformance("Redis (through Sentinel)", {
  async open() {
    const client = new Redis({
      sentinels: [...sentinel.sentinels],
      name: sentinel.name,
      ...FAIL_FAST_REDIS_OPTIONS,
    });
    client.on("error", () => {});
    clients.push(client);
    const store = new RedisTokenStore({ client });
    if (!(await store.ready(10_000))) throw new Error("no master through Sentinel");
    return store;
  },
});
