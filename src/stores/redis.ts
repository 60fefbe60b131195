import { type Cluster, type ClusterOptions, Redis, type RedisOptions } from "ioredis";
import { checkObjectArgument } from "../config/arguments.ts";
import { ConfigurationError } from "../errors.ts";
import { withinTime } from "../revocation/time-limit.ts";
import { MAP_ENTRIES, MAP_SET } from "./redis-map-scripts.ts";
import { groupBySlot } from "./redis-slots.ts";
import type { TokenStore } from "./token-store.ts";

/**
 * ioredis options for a client that fails fast, as a revocation store must: a protected
 * route waits for it, so an unreachable Redis has to fail the request at once (the core
 * answers 503), not after the client's retries, and not by queueing commands without bound
 * while the connection is down. Reconnection stays on (ioredis's default backoff, at most
 * 2 s apart), so that the application recovers by itself when Redis returns.
 *
 * @example
 * const client = new Redis(process.env.REDIS_URL, { ...FAIL_FAST_REDIS_OPTIONS, db: 2 });
 * const store = new RedisTokenStore({ client });
 */
export const FAIL_FAST_REDIS_OPTIONS = {
  /** While disconnected, a command fails at once instead of waiting in a queue. */
  enableOfflineQueue: false,
  /** A command in flight when the connection drops fails then, rather than after retries. */
  maxRetriesPerRequest: 0,
  /**
   * Nor is it sent again on the next connection: its caller was already answered 503, and a
   * refresh token marked used by a late command would read as reused when the client retries.
   */
  autoResendUnfulfilledCommands: false,
  /** A command unanswered after this many milliseconds fails (a server that hangs). */
  commandTimeout: 1000,
} as const satisfies RedisOptions;

/**
 * ioredis `Cluster` options that fail fast in the same way: no queue while the cluster is
 * not ready, and {@link FAIL_FAST_REDIS_OPTIONS} for the connection to each node. (A Sentinel
 * setup needs nothing more: give `new Redis({ sentinels, name, ...FAIL_FAST_REDIS_OPTIONS })`.)
 *
 * @example
 * const client = new Cluster([{ host: "10.0.0.1", port: 6379 }], FAIL_FAST_CLUSTER_OPTIONS);
 * const store = new RedisTokenStore({ client });
 */
export const FAIL_FAST_CLUSTER_OPTIONS = {
  enableOfflineQueue: false,
  redisOptions: FAIL_FAST_REDIS_OPTIONS,
  /** Asking the nodes for the slot map gives up after this many milliseconds. */
  slotsRefreshTimeout: 1000,
} as const satisfies ClusterOptions;

/**
 * Options of {@link RedisTokenStore}: a client of the application's, or a URL.
 *
 * @example
 * const options: RedisTokenStoreOptions = { url: "redis://127.0.0.1:6379", keyPrefix: "shop:" };
 */
export type RedisTokenStoreOptions = (
  | {
      /**
       * The client to use, as configured (give it {@link FAIL_FAST_REDIS_OPTIONS}). The
       * application keeps it: `close()` leaves it open.
       */
      client: Redis | Cluster;
      url?: never;
    }
  | {
      /** `redis://[user:password@]host:port[/db]`: the store makes and owns its client. */
      url: string;
      /** Options for that client, over {@link FAIL_FAST_REDIS_OPTIONS}. */
      clientOptions?: RedisOptions;
      /** Called with the client's connection errors (by default they are dropped: the 503s tell). */
      onError?: (error: Error) => void;
      client?: never;
    }
) & {
  /** Prepended to every key, so that several applications can share one Redis. @default "jwt-extended:" */
  keyPrefix?: string;
};

const isCluster = (client: Redis | Cluster): boolean => client.isCluster;

/**
 * The store for applications of several instances: revocations and refresh-family state in
 * Redis, which every instance reads. Each key expires with the token it is about (the TTL is
 * the token's remaining lifetime, up to one millisecond past the last instant it verifies),
 * so Redis holds no more than the live revocations; no request ever scans keys.
 *
 * @example
 * import { RedisTokenStore } from "jwt-extended/redis";
 * const store = new RedisTokenStore({ url: process.env.REDIS_URL });
 * const jwt = new JwtManager({ secretKey, store, refreshRotation: true });
 */
/** The client for `url`; a URL ioredis cannot read is the application's mistake. */
function connect(url: string, clientOptions: RedisOptions | undefined): Redis {
  try {
    return new Redis(url, { ...FAIL_FAST_REDIS_OPTIONS, ...clientOptions });
  } catch {
    // Never quoted: the URL may hold a password.
    throw new ConfigurationError("url: expected a Redis URL (redis://host:port)");
  }
}

export class RedisTokenStore implements TokenStore {
  /** The ioredis client in use. */
  readonly client: Redis | Cluster;
  readonly #prefix: string;
  readonly #owned: boolean;

  constructor(options: RedisTokenStoreOptions) {
    checkObjectArgument(options, "RedisTokenStore options");
    this.#prefix = options.keyPrefix ?? "jwt-extended:";
    if (options.client) {
      this.client = options.client;
      this.#owned = false;
    } else {
      const client = connect(options.url, options.clientOptions);
      // Without a listener, ioredis reports every failed reconnection attempt on the console.
      client.on("error", options.onError ?? (() => {}));
      this.client = client;
      this.#owned = true;
    }
  }

  async get(key: string): Promise<string | null> {
    return this.client.get(this.#prefix + key);
  }

  async set(key: string, value: string, ttlMs: number | null): Promise<void> {
    const name = this.#prefix + key;
    if (ttlMs === null) await this.client.set(name, value);
    else await this.client.set(name, value, "PX", Math.max(1, Math.ceil(ttlMs)));
  }

  /**
   * One `SET key value NX PX ttl`: Redis runs each command alone, so of two instances
   * marking the same refresh token used, exactly one gets "OK" and the other `null`. (A
   * `GET` followed by a `SET` would let both read "absent" and both accept the token.)
   */
  async setIfAbsent(key: string, value: string, ttlMs: number | null): Promise<boolean> {
    const name = this.#prefix + key;
    const reply =
      ttlMs === null
        ? await this.client.set(name, value, "NX")
        : await this.client.set(name, value, "PX", Math.max(1, Math.ceil(ttlMs)), "NX");
    return reply === "OK";
  }

  /**
   * One `EXISTS a b`: one round trip per request. A cluster refuses multi-key commands
   * across hash slots, so there the keys are asked in one `EXISTS` per hash tag, in parallel.
   */
  async hasAny(keys: readonly string[]): Promise<boolean> {
    const names = keys.map((key) => this.#prefix + key);
    if (names.length === 0) return false;
    if (!isCluster(this.client)) return (await this.client.exists(...names)) > 0;
    const groups = groupBySlot(names);
    const counts = await Promise.all(
      groups.map((group) => this.client.exists(...group.map((index) => names[index] as string))),
    );
    return counts.some((count) => count > 0);
  }

  /**
   * One `MGET`: the keys the core asks about together share a hash tag, so a cluster
   * answers them from one slot too (other keys: one `MGET` per hash tag, in parallel).
   */
  async getMany(keys: readonly string[]): Promise<(string | null)[]> {
    if (keys.length === 0) return [];
    const names = keys.map((key) => this.#prefix + key);
    const groups = isCluster(this.client) ? groupBySlot(names) : [];
    if (groups.length <= 1) return this.client.mget(names);
    const values: (string | null)[] = names.map(() => null);
    await Promise.all(
      groups.map(async (group) => {
        const found = await this.client.mget(group.map((index) => names[index] as string));
        group.forEach((index, at) => {
          values[index] = found[at] ?? null;
        });
      }),
    );
    return values;
  }

  /** One script: the field, then the map's expiry moved to its last field's (see redis-map-scripts.ts). */
  async mapSet(key: string, field: string, value: string, ttlMs: number | null): Promise<void> {
    const ttl = ttlMs === null ? "" : String(Math.max(1, Math.ceil(ttlMs)));
    await this.client.eval(MAP_SET, 1, this.#prefix + key, field, value, ttl);
  }

  async mapEntries(key: string): Promise<(readonly [string, string])[]> {
    const flat = (await this.client.eval(MAP_ENTRIES, 1, this.#prefix + key)) as string[];
    const entries: [string, string][] = [];
    for (let index = 0; index + 1 < flat.length; index += 2) {
      entries.push([flat[index] as string, flat[index + 1] as string]);
    }
    return entries;
  }

  async mapDelete(key: string, fields: readonly string[]): Promise<void> {
    if (fields.length > 0) await this.client.hdel(this.#prefix + key, ...fields);
  }

  /**
   * Resolves `true` once the client is connected and ready, `false` if it is not within
   * `timeoutMs`: for a start-up that prefers to wait a moment for Redis. Requests need not
   * wait: until then, protected routes answer 503.
   */
  ready(timeoutMs = 2000): Promise<boolean> {
    const client = this.client;
    if (client.status === "ready") return Promise.resolve(true);
    let onReady = (): void => {};
    const ready = new Promise<boolean>((resolve) => {
      onReady = () => resolve(true);
      client.once("ready", onReady);
    });
    return withinTime(ready, timeoutMs, () => false).finally(() => client.off("ready", onReady));
  }

  /** Closes the client the store made from a URL; a client given to it stays open. */
  async close(): Promise<void> {
    if (!this.#owned) return;
    try {
      await this.client.quit();
    } catch {
      // Not connected: nothing to close gracefully.
      this.client.disconnect();
    }
  }
}
