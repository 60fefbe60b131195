import Database from "better-sqlite3";
import { checkObjectArgument } from "../config/arguments.ts";
import { ConfigurationError } from "../errors.ts";
import { type Statements, sqliteStatements } from "./sqlite-statements.ts";
import type { TokenStore } from "./token-store.ts";

/**
 * Options of {@link SqliteTokenStore}.
 *
 * @example
 * const options: SqliteTokenStoreOptions = { database: "/var/lib/shop/tokens.db" };
 */
export interface SqliteTokenStoreOptions {
  /**
   * A better-sqlite3 `Database` of the application's (it keeps it: `close()` leaves it
   * open), or the path of a file, which the store opens, creating it if missing, and closes.
   */
  database: Database.Database | string;
  /**
   * The table, created if missing, with `<table>_maps` beside it for the per-field expiring
   * maps. Letters, digits and `_`. @default "jwt_extended_tokens"
   */
  table?: string;
  /**
   * Milliseconds a write waits for another connection's write lock before failing (the
   * request then answers 503). better-sqlite3 waits synchronously, holding the event loop,
   * so keep this well below `storeTimeout`. @default 100
   */
  busyTimeout?: number;
  /** Milliseconds between sweeps of expired rows. @default 60000 */
  sweepInterval?: number;
  /** The clock, in milliseconds since the epoch; tests move it. @default Date.now */
  now?: () => number;
}

/** Rows deleted per sweep statement: each is quick, so no write waits long behind it. */
const SWEEP_BATCH = 1000;
/** Batches per sweep: the event loop is never held long; the rest waits for the next one. */
const SWEEP_BATCHES = 100;

interface Row {
  readonly key: string;
  readonly value: string;
}

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** A number of milliseconds an option may hold: finite and not negative. */
function checkMs(name: string, value: number): number {
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) return value;
  throw new ConfigurationError(`${name}: expected a number of milliseconds, got ${value}`);
}

/**
 * The embedded durable store: revocations and refresh-family state in one SQLite file, so
 * that a restart, or a deploy, keeps every logout. For an application that runs on one
 * machine (one process, or several sharing the file); for several machines, use PostgreSQL
 * or Redis.
 *
 * The database is put in WAL mode, so that reads (one per protected request) never wait
 * for a write. Each row carries its expiry: reads ignore expired rows at once, and a timer
 * (which never keeps the process alive) deletes them in small batches.
 *
 * @example
 * import { SqliteTokenStore } from "jwt-extended/sqlite";
 * const store = new SqliteTokenStore({ database: "tokens.db" });
 * const jwt = new JwtManager({ secretKey, store, refreshRotation: true });
 */
export class SqliteTokenStore implements TokenStore {
  /** The better-sqlite3 database in use. */
  readonly database: Database.Database;
  readonly #owned: boolean;
  readonly #now: () => number;
  readonly #sql: Statements;
  readonly #sweeper: NodeJS.Timeout;

  constructor(options: SqliteTokenStoreOptions) {
    checkObjectArgument(options, "SqliteTokenStore options");
    const table = options.table ?? "jwt_extended_tokens";
    if (!TABLE_NAME.test(table)) {
      throw new ConfigurationError("table: expected letters, digits and _ (a SQL identifier)");
    }
    const busyTimeout = checkMs("busyTimeout", options.busyTimeout ?? 100);
    const sweepInterval = checkMs("sweepInterval", options.sweepInterval ?? 60_000);
    this.#now = options.now ?? Date.now;
    if (typeof options.database === "string") {
      this.database = new Database(options.database, { timeout: busyTimeout });
      this.#owned = true;
    } else if (options.database instanceof Database) {
      this.database = options.database;
      this.database.pragma(`busy_timeout = ${Math.round(busyTimeout)}`);
      this.#owned = false;
    } else {
      throw new ConfigurationError("database: expected a better-sqlite3 Database or a file path");
    }
    this.database.pragma("journal_mode = WAL");
    this.#sql = sqliteStatements(this.database, table);
    this.#sweeper = setInterval(() => this.sweep(), Math.max(sweepInterval, 1000));
    this.#sweeper.unref();
  }

  async get(key: string): Promise<string | null> {
    const row = this.#sql.get.get(key, this.#now()) as { value: string } | undefined;
    return row?.value ?? null;
  }

  async set(key: string, value: string, ttlMs: number | null): Promise<void> {
    this.#sql.set.run(key, value, this.#expiry(ttlMs));
  }

  /**
   * One `INSERT … ON CONFLICT DO UPDATE … WHERE the row expired`: SQLite runs a statement
   * under the database's write lock, so of concurrent calls, from this process or any other
   * sharing the file, exactly one inserts (or takes over an expired row) and sees a change.
   */
  async setIfAbsent(key: string, value: string, ttlMs: number | null): Promise<boolean> {
    const now = this.#now();
    return this.#sql.setIfAbsent.run(key, value, this.#expiry(ttlMs, now), now).changes === 1;
  }

  async hasAny(keys: readonly string[]): Promise<boolean> {
    return (await this.getMany(keys)).some((value) => value !== null);
  }

  /** One `SELECT … WHERE key IN (…)` on the primary key. */
  async getMany(keys: readonly string[]): Promise<(string | null)[]> {
    if (keys.length === 0) return [];
    const rows = this.#sql.getMany(keys.length).all(...keys, this.#now()) as Row[];
    const values = new Map(rows.map((row) => [row.key, row.value]));
    return keys.map((key) => values.get(key) ?? null);
  }

  async mapSet(key: string, field: string, value: string, ttlMs: number | null): Promise<void> {
    this.#sql.mapSet.run(key, field, value, this.#expiry(ttlMs));
  }

  async mapEntries(key: string): Promise<(readonly [string, string])[]> {
    const rows = this.#sql.mapEntries.all(key, this.#now()) as { field: string; value: string }[];
    return rows.map(({ field, value }) => [field, value] as const);
  }

  /** One transaction: the fields go together. */
  async mapDelete(key: string, fields: readonly string[]): Promise<void> {
    if (fields.length === 0) return;
    this.database.transaction(() => {
      for (const field of fields) this.#sql.mapDelete.run(key, field);
    })();
  }

  /**
   * Deletes expired rows, a batch at a time, and says how many. The timer calls it every
   * `sweepInterval`; a failure (the file locked by a long transaction) waits for the next.
   */
  sweep(): number {
    let deleted = 0;
    try {
      for (const statement of this.#sql.sweep) {
        for (let batch = 0; batch < SWEEP_BATCHES; batch++) {
          const { changes } = statement.run(this.#now(), SWEEP_BATCH);
          deleted += changes;
          if (changes < SWEEP_BATCH) break;
        }
      }
    } catch {
      // Locked or closed: the next sweep tries again.
    }
    return deleted;
  }

  /** Stops the sweeper, and closes the database the store opened from a path. */
  async close(): Promise<void> {
    clearInterval(this.#sweeper);
    if (this.#owned && this.database.open) this.database.close();
  }

  #expiry(ttlMs: number | null, now = this.#now()): number | null {
    if (ttlMs === null) return null;
    if (!(ttlMs > 0)) {
      throw new ConfigurationError(`ttlMs: expected a positive number or null, got ${ttlMs}`);
    }
    return Math.ceil(now + ttlMs);
  }
}
