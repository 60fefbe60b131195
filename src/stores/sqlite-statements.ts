import type Database from "better-sqlite3";

/** The store's prepared statements, over its two tables. */
export interface Statements {
  /** `(key, now)` → `{ value }` of a live row. */
  readonly get: Database.Statement;
  /** `(key, value, expiresAt)`: inserts or replaces. */
  readonly set: Database.Statement;
  /** `(key, value, expiresAt, now)`: inserts, or takes over an expired row; one change if so. */
  readonly setIfAbsent: Database.Statement;
  /** `(key, field, value, expiresAt)`: inserts or replaces one field of a map. */
  readonly mapSet: Database.Statement;
  /** `(key, now)` → `{ field, value }` rows of the map's live fields. */
  readonly mapEntries: Database.Statement;
  /** `(key, field)`: deletes one field. */
  readonly mapDelete: Database.Statement;
  /** `(cutoff, limit)`: deletes up to `limit` keys expired at `cutoff`; then map fields. */
  readonly sweep: readonly [Database.Statement, Database.Statement];
  /** `(...keys, now)` → `{ key, value }` of the live ones among `count` keys. */
  getMany(count: number): Database.Statement;
}

/** A row is live while it has no expiry or its expiry (milliseconds since the epoch) is ahead. */
const LIVE = "(expires_at IS NULL OR expires_at > ?)";

/** Statements for lists of keys, by length: requests ask about a handful of keys at most. */
const MAX_CACHED_LISTS = 16;

/**
 * Creates the tables if missing (a key, or a map's key and field, with its value and its
 * expiry in milliseconds since the epoch, `NULL` for none), with an index on the expiry for
 * the sweep, and prepares the statements. `table` was checked to be a plain identifier.
 */
export function sqliteStatements(db: Database.Database, table: string): Statements {
  const maps = `${table}_maps`;
  db.exec(
    `CREATE TABLE IF NOT EXISTS ${table} (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER) WITHOUT ROWID;
     CREATE INDEX IF NOT EXISTS ${table}_expires_at ON ${table} (expires_at) WHERE expires_at IS NOT NULL;
     CREATE TABLE IF NOT EXISTS ${maps} (key TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL,
       expires_at INTEGER, PRIMARY KEY (key, field)) WITHOUT ROWID;
     CREATE INDEX IF NOT EXISTS ${maps}_expires_at ON ${maps} (expires_at) WHERE expires_at IS NOT NULL;`,
  );
  const lists = new Map<number, Database.Statement>();
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
    mapSet: db.prepare(
      `INSERT INTO ${maps} (key, field, value, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (key, field) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
    ),
    mapEntries: db.prepare(`SELECT field, value FROM ${maps} WHERE key = ? AND ${LIVE}`),
    mapDelete: db.prepare(`DELETE FROM ${maps} WHERE key = ? AND field = ?`),
    sweep: [
      db.prepare(
        `DELETE FROM ${table} WHERE key IN (SELECT key FROM ${table} WHERE expires_at <= ? LIMIT ?)`,
      ),
      db.prepare(
        `DELETE FROM ${maps} WHERE (key, field) IN
         (SELECT key, field FROM ${maps} WHERE expires_at <= ? LIMIT ?)`,
      ),
    ],
    getMany(count) {
      let statement = lists.get(count);
      if (statement === undefined) {
        const marks = Array.from({ length: count }, () => "?").join(", ");
        statement = db.prepare(
          `SELECT key, value FROM ${table} WHERE key IN (${marks}) AND ${LIVE}`,
        );
        if (lists.size < MAX_CACHED_LISTS) lists.set(count, statement);
      }
      return statement;
    },
  };
}
