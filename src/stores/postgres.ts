import { Pool, type PoolConfig } from "pg";
import { checkObjectArgument } from "../config/arguments.ts";
import { ConfigurationError } from "../errors.ts";
import { withinTime } from "../revocation/time-limit.ts";
import { type PostgresStatements, postgresStatements, type Query } from "./postgres-statements.ts";
import type { TokenStore } from "./token-store.ts";

/**
 * pg pool options for a store that fails fast, as a revocation store must: a protected
 * route waits for it, so a server that is down or hangs has to fail the request (the core
 * answers 503), and must not keep a pooled connection stuck for ever. A new connection
 * gives up after one second, and so does a query, whose connection is then dropped; the
 * pool makes new ones when the server answers again.
 *
 * @example
 * const pool = new Pool({ connectionString: process.env.DATABASE_URL, ...FAIL_FAST_POOL_OPTIONS });
 */
export const FAIL_FAST_POOL_OPTIONS = {
  /** A connection not established after this many milliseconds fails. */
  connectionTimeoutMillis: 1000,
  /** A query unanswered after this many milliseconds fails, and its connection is dropped. */
  query_timeout: 1000,
  /** Notices a peer that vanished without closing the connection. */
  keepAlive: true,
} as const satisfies PoolConfig;

/**
 * Options of {@link PostgresTokenStore}: a pool of the application's, or a URL.
 *
 * @example
 * const options: PostgresTokenStoreOptions = { url: process.env.DATABASE_URL ?? "", table: "shop_tokens" };
 */
export type PostgresTokenStoreOptions = (
  | {
      /**
       * The pg `Pool` to use, as configured (give it {@link FAIL_FAST_POOL_OPTIONS}, and an
       * `error` listener: pg emits one when the server ends an idle connection). The
       * application keeps it: `close()` leaves it open.
       */
      pool: Pool;
      url?: never;
    }
  | {
      /** `postgres://user:password@host:port/database`: the store makes and owns its pool. */
      url: string;
      /** Options for that pool, over {@link FAIL_FAST_POOL_OPTIONS}. */
      poolOptions?: PoolConfig;
      /** Called with the pool's connection errors (by default they are dropped: the 503s tell). */
      onError?: (error: Error) => void;
      pool?: never;
    }
) & {
  /**
   * The table, created if missing, with `<table>_maps` beside it for the per-field expiring
   * maps; `schema.table` to name a schema. @default "jwt_extended_tokens"
   */
  table?: string;
  /** Milliseconds between sweeps of expired rows. @default 60000 */
  sweepInterval?: number;
};

/** Rows deleted per sweep statement: a short statement, so no request waits behind it. */
const SWEEP_BATCH = 1000;
const SWEEP_BATCHES = 100;
const TABLE_NAME = /^([a-z_][a-z0-9_]{0,62}\.)?[a-z_][a-z0-9_]{0,56}$/;

type Row = Record<string, string>;

/**
 * The store for applications already on PostgreSQL: revocations and refresh-family state in
 * a table, shared by every instance and kept across restarts. Reads ask the primary key
 * (one query per protected request); each row carries its expiry, by the server's clock, so
 * reads ignore expired rows at once, and a timer (which never keeps the process alive)
 * deletes them in small batches that skip any row a request holds.
 *
 * @example
 * import { PostgresTokenStore } from "jwt-extended/postgres";
 * const store = new PostgresTokenStore({ url: process.env.DATABASE_URL ?? "postgres://localhost/app" });
 * const jwt = new JwtManager({ secretKey, store, refreshRotation: true });
 */
export class PostgresTokenStore implements TokenStore {
  /** The pg pool in use. */
  readonly pool: Pool;
  readonly #owned: boolean;
  readonly #sql: PostgresStatements;
  readonly #sweeper: NodeJS.Timeout;
  /** Settled once the tables exist; reset after a failure, so that the next call tries again. */
  #schema: Promise<void> | undefined;
  #created = false;
  #sweeping = false;

  constructor(options: PostgresTokenStoreOptions) {
    checkObjectArgument(options, "PostgresTokenStore options");
    const table = options.table ?? "jwt_extended_tokens";
    if (!TABLE_NAME.test(table)) {
      throw new ConfigurationError("table: expected a lower-case SQL identifier, or schema.table");
    }
    const sweepInterval = options.sweepInterval ?? 60_000;
    if (!(sweepInterval >= 0 && Number.isFinite(sweepInterval))) {
      throw new ConfigurationError(`sweepInterval: expected milliseconds, got ${sweepInterval}`);
    }
    this.#sql = postgresStatements(table);
    if (options.pool instanceof Pool) {
      this.pool = options.pool;
      this.#owned = false;
    } else if (typeof options.url === "string") {
      const pool = new Pool({
        ...FAIL_FAST_POOL_OPTIONS,
        ...options.poolOptions,
        connectionString: options.url,
      });
      // Without a listener, an idle connection ended by the server would crash the process.
      pool.on("error", options.onError ?? (() => {}));
      this.pool = pool;
      this.#owned = true;
    } else {
      throw new ConfigurationError("PostgresTokenStore options: expected a pool or a url");
    }
    this.#sweeper = setInterval(() => void this.sweep(), Math.max(sweepInterval, 1000));
    this.#sweeper.unref();
  }

  async get(key: string): Promise<string | null> {
    return (await this.#query(this.#sql.get, [key]))[0]?.value ?? null;
  }

  async set(key: string, value: string, ttlMs: number | null): Promise<void> {
    await this.#query(this.#sql.set, [key, value, checkTtl(ttlMs)]);
  }

  /**
   * One `INSERT … ON CONFLICT DO UPDATE … WHERE the row expired`: PostgreSQL settles
   * concurrent inserts of one key on its primary key, so of several calls, from any
   * instance, exactly one inserts (or takes over an expired row) and gets its row back.
   */
  async setIfAbsent(key: string, value: string, ttlMs: number | null): Promise<boolean> {
    return (await this.#query(this.#sql.setIfAbsent, [key, value, checkTtl(ttlMs)])).length === 1;
  }

  async hasAny(keys: readonly string[]): Promise<boolean> {
    return (await this.getMany(keys)).some((value) => value !== null);
  }

  /** One `SELECT … WHERE key = ANY($1)` on the primary key. */
  async getMany(keys: readonly string[]): Promise<(string | null)[]> {
    if (keys.length === 0) return [];
    const rows = await this.#query(this.#sql.getMany, [keys]);
    const values = new Map(rows.map((row) => [row.key, row.value]));
    return keys.map((key) => values.get(key) ?? null);
  }

  async mapSet(key: string, field: string, value: string, ttlMs: number | null): Promise<void> {
    await this.#query(this.#sql.mapSet, [key, field, value, checkTtl(ttlMs)]);
  }

  async mapEntries(key: string): Promise<(readonly [string, string])[]> {
    const rows = await this.#query(this.#sql.mapEntries, [key]);
    return rows.map((row) => [row.field as string, row.value as string] as const);
  }

  async mapDelete(key: string, fields: readonly string[]): Promise<void> {
    if (fields.length > 0) await this.#query(this.#sql.mapDelete, [key, fields]);
  }

  /**
   * Resolves `true` once the server answers and the tables exist, `false` if not within
   * `timeoutMs`: for a start-up that prefers to wait a moment. A failed attempt (the server
   * still starting, another instance holding the creation lock) is tried again until then.
   * Requests need not wait: until then, protected routes answer 503.
   */
  ready(timeoutMs = 2000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const attempt = async (): Promise<boolean> => {
      for (;;) {
        try {
          await this.#ensureSchema();
          return true;
        } catch {
          if (Date.now() + READY_RETRY_MS >= deadline) return false;
          await new Promise((resolve) => setTimeout(resolve, READY_RETRY_MS));
        }
      }
    };
    return withinTime(attempt(), timeoutMs, () => false);
  }

  /**
   * Deletes expired rows, a batch at a time, and says how many. The timer calls it every
   * `sweepInterval`; while the server is away it deletes nothing and waits for the next.
   */
  async sweep(): Promise<number> {
    if (this.#sweeping) return 0;
    this.#sweeping = true;
    let deleted = 0;
    try {
      for (const statement of this.#sql.sweep) {
        for (let batch = 0; batch < SWEEP_BATCHES; batch++) {
          const { rowCount } = await this.pool.query({ ...statement, values: [SWEEP_BATCH] });
          deleted += rowCount ?? 0;
          if ((rowCount ?? 0) < SWEEP_BATCH) break;
        }
      }
    } catch {
      // Down, or the tables not created yet: the next sweep tries again.
    } finally {
      this.#sweeping = false;
    }
    return deleted;
  }

  /** Stops the sweeper, and ends the pool the store made from a URL. */
  async close(): Promise<void> {
    clearInterval(this.#sweeper);
    if (this.#owned && !this.pool.ended) await this.pool.end();
  }

  async #query(query: Query, values: readonly unknown[]): Promise<Row[]> {
    if (!this.#created) await this.#ensureSchema();
    const result = await this.pool.query<Row>({ ...query, values: [...values] });
    return result.rows;
  }

  #ensureSchema(): Promise<void> {
    this.#schema ??= this.pool.query(this.#sql.schema).then(
      () => {
        this.#created = true;
      },
      (error: unknown) => {
        this.#schema = undefined;
        throw error;
      },
    );
    return this.#schema;
  }
}

/** How long `ready` waits between two attempts at the tables. */
const READY_RETRY_MS = 100;

function checkTtl(ttlMs: number | null): number | null {
  if (ttlMs === null || ttlMs > 0) return ttlMs;
  throw new ConfigurationError(`ttlMs: expected a positive number or null, got ${ttlMs}`);
}
