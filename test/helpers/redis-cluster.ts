/**
 * A real Redis Cluster for tests: three masters (redis-server with `--cluster-enabled yes`,
 * each on a free loopback port in a directory of its own, with no persistence), joined by
 * `redis-cli --cluster create`, no replicas. Any master can be stopped and started again
 * (it rejoins from its nodes.conf, empty), or frozen.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { type RedisServer, startRedisServer } from "./redis-server.ts";

const REDIS_CLI = process.env.REDIS_CLI ?? "/usr/bin/redis-cli";
const run = promisify(execFile);

export interface RedisCluster {
  /** The masters, for `new Cluster(nodes)`. */
  readonly nodes: readonly { host: string; port: number }[];
  /** `redis+cluster://127.0.0.1:<port>,127.0.0.1:<port>,127.0.0.1:<port>` */
  readonly url: string;
  /** Each master, to stop, start, freeze or thaw. */
  readonly masters: readonly RedisServer[];
  /** Waits until every master reports `cluster_state:ok`. */
  untilHealthy(timeoutMs?: number): Promise<void>;
  /** Stops every master and removes their directories. */
  close(): Promise<void>;
}

/** The `cluster_state` a master reports, or `down` when it does not answer. */
async function clusterState(port: number): Promise<string> {
  try {
    const { stdout } = await run(
      REDIS_CLI,
      ["-h", "127.0.0.1", "-p", String(port), "cluster", "info"],
      {
        timeout: 2000,
      },
    );
    return /cluster_state:(\w+)/.exec(stdout)?.[1] ?? "unknown";
  } catch {
    return "down";
  }
}

/** Starts a three-master cluster for one test file; `close()` it in `afterAll`. */
export async function startRedisCluster(): Promise<RedisCluster> {
  // A master that stops answering is marked failing after two seconds, and the cluster
  // refuses commands until it is back (no replica takes over).
  const args = [
    "--cluster-enabled",
    "yes",
    "--cluster-config-file",
    "nodes.conf",
    "--cluster-node-timeout",
    "2000",
  ];
  const masters = await Promise.all([1, 2, 3].map(() => startRedisServer({ args })));
  const cluster: RedisCluster = {
    nodes: masters.map(({ port }) => ({ host: "127.0.0.1", port })),
    url: `redis+cluster://${masters.map(({ port }) => `127.0.0.1:${port}`).join(",")}`,
    masters,
    async untilHealthy(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const states = await Promise.all(masters.map(({ port }) => clusterState(port)));
        if (states.every((state) => state === "ok")) return;
        if (Date.now() > deadline) throw new Error(`cluster not ok: ${states.join(", ")}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async close() {
      await Promise.all(masters.map((master) => master.close()));
    },
  };
  try {
    await run(REDIS_CLI, [
      "--cluster",
      "create",
      ...masters.map(({ port }) => `127.0.0.1:${port}`),
      "--cluster-replicas",
      "0",
      "--cluster-yes",
    ]);
    await cluster.untilHealthy();
  } catch (error) {
    await cluster.close();
    throw error;
  }
  return cluster;
}
