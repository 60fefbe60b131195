import { Cluster, Redis } from "ioredis";
import { JwtManager } from "jwt-extended";
import { FAIL_FAST_CLUSTER_OPTIONS, RedisTokenStore } from "jwt-extended/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { protectedAnswer } from "../helpers/protected-request.ts";
import { type RedisCluster, startRedisCluster } from "../helpers/redis-cluster.ts";
import type { RedisServer } from "../helpers/redis-server.ts";
import { storeConformance } from "./store-conformance.ts";

let cluster: RedisCluster;
const clients: Cluster[] = [];
const SECRET = "a-secret-of-at-least-thirty-two-bytes!!";
const STORE_DOWN = { msg: "Token revocation store unavailable" };
/** Generous: it catches a hang, not a slow machine. Measured figures are printed. */
const BOUND_MS = 5_000;

beforeAll(async () => {
  cluster = await startRedisCluster();
});
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await cluster?.close();
});

/** A store over a Cluster client of its own (which the test closes), once it is ready. */
async function clusterStore(): Promise<RedisTokenStore> {
  const client = new Cluster([...cluster.nodes], FAIL_FAST_CLUSTER_OPTIONS);
  client.on("error", () => {});
  clients.push(client);
  const store = new RedisTokenStore({ client });
  if (!(await store.ready(10_000))) throw new Error("the cluster did not answer");
  return store;
}

storeConformance("Redis Cluster", { open: clusterStore });

/** The master that holds the slot of `key`. */
async function masterOf(key: string): Promise<RedisServer> {
  const node = new Redis(cluster.nodes[0] as { host: string; port: number });
  try {
    const slot = (await node.call("CLUSTER", "KEYSLOT", key)) as number;
    const ranges = (await node.call("CLUSTER", "SLOTS")) as [number, number, [string, number]][];
    const owner = ranges.find(([from, to]) => from <= slot && slot <= to)?.[2][1];
    const master = cluster.masters.find(({ port }) => port === owner);
    if (!master) throw new Error(`no master for slot ${slot}`);
    return master;
  } finally {
    node.disconnect();
  }
}

/** Polls a protected route until it answers 200; fails past `limitMs`. */
async function untilAccepted(jwt: JwtManager<string>, token: string, limitMs = 30_000) {
  const started = performance.now();
  for (;;) {
    if ((await protectedAnswer(jwt, token)).status === 200) return performance.now() - started;
    if (performance.now() - started > limitMs) throw new Error(`not 200 after ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("a Redis Cluster behind the Redis token store", () => {
  it("answers the request's question and the identity's writes, whose keys share a slot", async () => {
    const jwt = new JwtManager({ secretKey: SECRET, store: await clusterStore() });
    const [one, two] = [await jwt.createTokenPair("alice"), await jwt.createTokenPair("alice")];
    const bob = await jwt.createAccessToken("bob");
    expect((await protectedAnswer(jwt, one.accessToken)).status).toBe(200);
    await jwt.revokeToken(one.accessToken);
    expect(await protectedAnswer(jwt, one.accessToken)).toMatchObject({ status: 401 });
    expect((await protectedAnswer(jwt, two.accessToken)).status).toBe(200);
    // Tokens are issued in whole seconds: the next second's are after the cut.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await jwt.revokeAllTokens("alice");
    expect(await protectedAnswer(jwt, two.accessToken)).toMatchObject({ status: 401 });
    expect((await protectedAnswer(jwt, bob)).status).toBe(200);
  });

  it("fails closed with 503 while a master is frozen, and recovers when it resumes", async () => {
    const jwt = new JwtManager({ secretKey: SECRET, store: await clusterStore(), storeTimeout: 1 });
    const token = await jwt.createAccessToken("carol");
    expect((await protectedAnswer(jwt, token)).status).toBe(200);
    const master = await masterOf("carol");
    master.freeze();
    let frozen: Awaited<ReturnType<typeof protectedAnswer>>[];
    try {
      frozen = await Promise.all(Array.from({ length: 5 }, () => protectedAnswer(jwt, token)));
    } finally {
      master.thaw();
    }
    const recovered = await untilAccepted(jwt, token);
    for (const answer of frozen) {
      expect(answer).toMatchObject({ status: 503, body: STORE_DOWN });
      expect(answer.ms).toBeLessThan(BOUND_MS);
    }
    console.info(
      `[fail closed] Redis Cluster, one master frozen (SIGSTOP): 503 in ${frozen.map((a) => a.ms.toFixed(0)).join(" / ")} ms; ` +
        `resumed: 200 again after ${recovered.toFixed(0)} ms`,
    );
  }, 60_000);

  it("fails closed with 503 while a master is stopped, and recovers when it is started again", async () => {
    const jwt = new JwtManager({ secretKey: SECRET, store: await clusterStore(), storeTimeout: 1 });
    const token = await jwt.createAccessToken("dave");
    expect((await protectedAnswer(jwt, token)).status).toBe(200);
    const master = await masterOf("dave");
    await master.stop();
    const stopped = [];
    for (let i = 0; i < 5; i++) stopped.push(await protectedAnswer(jwt, token));
    await master.start();
    await cluster.untilHealthy();
    const recovered = await untilAccepted(jwt, token);
    for (const answer of stopped) {
      expect(answer).toMatchObject({ status: 503, body: STORE_DOWN });
      expect(answer.ms).toBeLessThan(BOUND_MS);
    }
    console.info(
      `[fail closed] Redis Cluster, one master stopped: 503 in ${stopped.map((a) => a.ms.toFixed(0)).join(" / ")} ms; ` +
        `started again: 200 after ${recovered.toFixed(0)} ms`,
    );
  }, 90_000);
});
