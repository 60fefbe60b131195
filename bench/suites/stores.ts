/**
 * What each revocation store costs: microseconds per protected request (the core's
 * `verifyRequest` of a Bearer token, revocation check included, one request at a time; the
 * median request) and revocations per second (`revokeToken` of distinct tokens, 16 at a
 * time, as concurrent logouts). Each store runs against a real server started here as the tests start them
 * (redis-server, a three-master Redis Cluster, PostgreSQL 15), on loopback; SQLite on a file
 * in a temporary directory. Prints one JSON line: `StoresResult`.
 *
 * `npx tsx bench/suites/stores.ts [rounds=3] [requestsPerRound=2000]`
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cluster } from "ioredis";
import { JwtManager, MemoryTokenStore, nodeRequestView, type TokenStore } from "../../src/index.ts";
import { PostgresTokenStore } from "../../src/stores/postgres.ts";
import { FAIL_FAST_CLUSTER_OPTIONS, RedisTokenStore } from "../../src/stores/redis.ts";
import { SqliteTokenStore } from "../../src/stores/sqlite.ts";
import { startPostgresServer } from "../../test/helpers/postgres-server.ts";
import { startRedisCluster } from "../../test/helpers/redis-cluster.ts";
import { startRedisServer } from "../../test/helpers/redis-server.ts";
import { SECRET } from "../fixture.ts";
import { median } from "../stats.ts";

export interface StoreFigure {
  readonly id: "none" | "memory" | "sqlite" | "postgres" | "redis" | "redis-cluster";
  readonly label: string;
  /** Median over the rounds of the median microseconds per protected request. */
  readonly microsPerRequest: number;
  /** Median over the rounds of revocations per second, 16 in flight. */
  readonly revocationsPerSecond: number | null;
  readonly perRound: {
    readonly microsPerRequest: number;
    readonly revocationsPerSecond: number | null;
  }[];
}

export interface StoresResult {
  readonly date: string;
  readonly rounds: number;
  readonly requestsPerRound: number;
  readonly stores: readonly StoreFigure[];
}

const [rounds = 3, requestsPerRound = 2000] = process.argv.slice(2).map(Number);
const IN_FLIGHT = 16;

/**
 * The median of the microseconds each protected request of `jwt` took, one at a time, after
 * a warm-up: the median, not the mean, so that the pauses of a busy machine do not count.
 */
async function microsPerRequest(jwt: JwtManager<string>): Promise<number> {
  const { accessToken } = await jwt.createTokenPair("bench-user");
  const route = jwt.route();
  const request = {
    method: "GET",
    url: "/protected",
    headers: { authorization: `Bearer ${accessToken}` },
  };
  const noBody = () => Promise.resolve(undefined);
  const once = () => jwt.verifyRequest(nodeRequestView(request, noBody), route);
  for (let i = 0; i < 3000; i++) await once();
  const times = new Float64Array(requestsPerRound);
  for (let i = 0; i < requestsPerRound; i++) {
    const started = performance.now();
    await once();
    times[i] = (performance.now() - started) * 1000;
  }
  return median([...times]);
}

/** Revocations per second of distinct tokens' claims, `IN_FLIGHT` at a time. */
async function revocationsPerSecond(jwt: JwtManager<string>): Promise<number> {
  const payloads = await Promise.all(
    Array.from({ length: requestsPerRound }, async (_, i) =>
      jwt.decodeToken(await jwt.createAccessToken(`user-${i % 100}`)),
    ),
  );
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < payloads.length)
      await jwt.revokeToken(payloads[next++] as (typeof payloads)[number]);
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return (payloads.length * 1000) / (performance.now() - started);
}

async function measure(
  id: StoreFigure["id"],
  label: string,
  store: TokenStore | undefined,
): Promise<StoreFigure> {
  const jwt = new JwtManager({ secretKey: SECRET, ...(store ? { store } : {}), storeTimeout: 5 });
  const perRound: StoreFigure["perRound"][number][] = [];
  for (let round = 0; round < rounds; round++) {
    perRound.push({
      microsPerRequest: await microsPerRequest(jwt),
      revocationsPerSecond: store ? await revocationsPerSecond(jwt) : null,
    });
  }
  await store?.close?.();
  const rates = perRound.map((r) => r.revocationsPerSecond).filter((r) => r !== null);
  console.error(`  ${label}: done`);
  return {
    id,
    label,
    microsPerRequest: median(perRound.map((r) => r.microsPerRequest)),
    revocationsPerSecond: rates.length > 0 ? median(rates) : null,
    perRound,
  };
}

// The first measurement would otherwise pay for compiling the verification path.
await microsPerRequest(new JwtManager({ secretKey: SECRET, store: new MemoryTokenStore() }));
const stores: StoreFigure[] = [];
stores.push(await measure("none", "no store (no revocation check)", undefined));
stores.push(await measure("memory", "MemoryTokenStore", new MemoryTokenStore()));

const dir = mkdtempSync(join(tmpdir(), "jwt-extended-bench-sqlite-"));
try {
  const sqlite = new SqliteTokenStore({ database: join(dir, "tokens.db") });
  stores.push(await measure("sqlite", "SqliteTokenStore (file, WAL)", sqlite));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const postgres = await startPostgresServer();
try {
  const store = new PostgresTokenStore({ url: postgres.url });
  stores.push(await measure("postgres", "PostgresTokenStore (PostgreSQL 15, loopback)", store));
} finally {
  await postgres.close();
}

const redis = await startRedisServer();
try {
  const store = new RedisTokenStore({ url: redis.url });
  await store.ready(10_000);
  stores.push(await measure("redis", "RedisTokenStore (redis-server, loopback)", store));
} finally {
  await redis.close();
}

const cluster = await startRedisCluster();
const client = new Cluster([...cluster.nodes], FAIL_FAST_CLUSTER_OPTIONS);
try {
  const store = new RedisTokenStore({ client });
  await store.ready(10_000);
  stores.push(await measure("redis-cluster", "RedisTokenStore (3-master Redis Cluster)", store));
} finally {
  client.disconnect();
  await cluster.close();
}

const result: StoresResult = { date: new Date().toISOString(), rounds, requestsPerRound, stores };
console.log(JSON.stringify(result));
