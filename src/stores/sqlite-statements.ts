import type Database from "better-sqlite3";

/** The store's prepared statements, over one table. */
export interface Statements {
  /** `(key, now)` → `{ value }` of a live row. */
  readonly get: Database.Statement;
  /** `(key, value, expiresAt)`: inserts or replaces. */
  readonly set: Database.Statement;
  /** `(key, value, expiresAt, now)`: inserts, or takes over an expired row; one change if so. */
  readonly setIfAbsent: Database.Statement;
  /** `(cutoff, limit)`: deletes up to `limit` rows expired at `cutoff`. */
  readonly sweep: Database.Statement;
  /** `(...keys, now)` → a row when any key is live; one statement per number of keys. */
  hasAny(count: number): Database.Statement;
}

/** A row is live while it has no expiry or its expiry (milliseconds since the epoch) is ahead. */
const LIVE = "(expires_at IS NULL OR expires_at > ?)";

/**
 * Creates the table if missing (a key, its value, and its expiry in milliseconds since the
 * epoch, `NULL` for none), with an index on the expiry for the sweep, and prepares the
 * statements. `table` was checked to be a plain identifier.
 */
export function sqliteStatements(db: Database.Database, table: string): Statements {
  db.exec(
    `CREATE TABLE IF NOT EXISTS ${table} (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER) WITHOUT ROWID;
     CREATE INDEX IF NOT EXISTS ${table}_expires_at ON ${table} (expires_at) WHERE expires_at IS NOT NULL;`,
  );
  const hasAny = new Map<number, Database.Statement>();
  return {
    get: db.prepare(`SELECT value FROM ${table} WHERE key = ? AND ${LIVE}`),
    set: db.prepare(
      `INSERT INTO ${table} (key, value, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
    ),
    setIfAbsent: db.prepare(
      `INSERT INTO ${table} (key, value, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
       WHERE ${table}.expires_at IS NOT NULL AND ${table}.expires_at <= ?`,
    ),
    sweep: db.prepare(
      `DELETE FROM ${table} WHERE key IN
       (SELECT key FROM ${table} WHERE expires_at <= ? LIMIT ?)`,
    ),
    hasAny(count) {
      let statement = hasAny.get(count);
      if (statement === undefined) {
        const marks = Array.from({ length: count }, () => "?").join(", ");
        statement = db.prepare(
          `SELECT 1 FROM ${table} WHERE key IN (${marks}) AND ${LIVE} LIMIT 1`,
        );
        hasAny.set(count, statement);
      }
      return statement;
    },
  };
}
