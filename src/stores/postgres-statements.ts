/**
 * The PostgreSQL store's SQL, over a table of keys and a table of map fields. Expiry is
 * the server's clock (`now()`), so that instances whose clocks differ agree on it; a row is
 * live while it has no expiry or its expiry is ahead. Each query has a name: pg prepares it
 * once per connection.
 */
export interface Query {
  readonly name: string;
  readonly text: string;
}

export interface PostgresStatements {
  /** Creates the tables and indexes if missing, under a lock, so instances may race. */
  readonly schema: string;
  /** `($1 key)` → `value` of a live row. */
  readonly get: Query;
  /** `($1 key, $2 value, $3 ttl ms | null)`: inserts or replaces. */
  readonly set: Query;
  /** `($1 key, $2 value, $3 ttl ms | null)`: inserts, or takes over an expired row; one row back if so. */
  readonly setIfAbsent: Query;
  /** `($1 keys[])` → `key, value` of the live ones. */
  readonly getMany: Query;
  /** `($1 key, $2 field, $3 value, $4 ttl ms | null)`: inserts or replaces one field. */
  readonly mapSet: Query;
  /** `($1 key)` → `field, value` of the live fields. */
  readonly mapEntries: Query;
  /** `($1 key, $2 fields[])`: deletes those fields. */
  readonly mapDelete: Query;
  /** `($1 limit)`: deletes up to `limit` expired rows, skipping rows a request holds. */
  readonly sweep: readonly [Query, Query];
}

const LIVE = "(expires_at IS NULL OR expires_at > now())";
const EXPIRY = (param: string): string => `now() + ${param}::float8 * interval '1 millisecond'`;

/** The statements over `table` (a checked identifier) and `<table>_maps`. */
export function postgresStatements(table: string): PostgresStatements {
  const maps = `${table}_maps`;
  const named = (name: string, text: string): Query => ({
    name: `jwt-extended:${table}:${name}`,
    text,
  });
  const sweep = (of: string): Query =>
    named(
      `sweep-${of}`,
      `DELETE FROM ${of} WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM ${of} WHERE expires_at <= now() LIMIT $1 FOR UPDATE SKIP LOCKED))`,
    );
  const index = (of: string): string =>
    `CREATE INDEX IF NOT EXISTS ${of.replace(".", "_")}_expires_at ON ${of} (expires_at) WHERE expires_at IS NOT NULL`;
  return {
    schema: [
      `SELECT pg_advisory_xact_lock(hashtext('jwt-extended schema ${table}'))`,
      `CREATE TABLE IF NOT EXISTS ${table} (key text PRIMARY KEY, value text NOT NULL, expires_at timestamptz)`,
      index(table),
      `CREATE TABLE IF NOT EXISTS ${maps} (key text NOT NULL, field text NOT NULL, value text NOT NULL,
         expires_at timestamptz, PRIMARY KEY (key, field))`,
      index(maps),
    ].join(";\n"),
    get: named("get", `SELECT value FROM ${table} WHERE key = $1 AND ${LIVE}`),
    set: named(
      "set",
      `INSERT INTO ${table} (key, value, expires_at) VALUES ($1, $2, ${EXPIRY("$3")})
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`,
    ),
    setIfAbsent: named(
      "set-if-absent",
      `INSERT INTO ${table} AS t (key, value, expires_at) VALUES ($1, $2, ${EXPIRY("$3")})
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at
       WHERE t.expires_at <= now()
       RETURNING 1`,
    ),
    getMany: named(
      "get-many",
      `SELECT key, value FROM ${table} WHERE key = ANY($1::text[]) AND ${LIVE}`,
    ),
    mapSet: named(
      "map-set",
      `INSERT INTO ${maps} (key, field, value, expires_at) VALUES ($1, $2, $3, ${EXPIRY("$4")})
       ON CONFLICT (key, field) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`,
    ),
    mapEntries: named("map-entries", `SELECT field, value FROM ${maps} WHERE key = $1 AND ${LIVE}`),
    mapDelete: named(
      "map-delete",
      `DELETE FROM ${maps} WHERE key = $1 AND field = ANY($2::text[])`,
    ),
    sweep: [sweep(table), sweep(maps)],
  };
}
