/**
 * Where revocations and refresh-token families are remembered: a tiny asynchronous
 * key-value interface, so that one process can keep it in memory and many processes can
 * share it (Redis, SQL). Keys and values are short strings chosen by the core; every entry
 * the core writes carries a time to live, the remaining lifetime of the token it is about,
 * so the store holds only what can still matter.
 *
 * Implementations must make {@link TokenStore.setIfAbsent} atomic: it is how two
 * application instances agree that a refresh token was used once. Errors and slow answers
 * are the core's business: it bounds every call by `storeTimeout` and answers 503 when a
 * call fails, so a store simply rejects (or hangs) when it cannot answer.
 *
 * Keys the core asks about together share one `{…}` segment (the token's identity), so that
 * a Redis Cluster finds them in one hash slot and answers them in one command.
 *
 * The four first methods are enough for revocation, logout and rotation. Log out
 * everywhere needs {@link TokenStore.getMany}; sessions need it and the three `map`
 * methods; a manager whose store lacks them throws a `ConfigurationError` when asked for
 * those features.
 *
 * @example
 * // A store over any map-like service, for a custom backend:
 * const store: TokenStore = {
 *   get: (key) => kv.get(key),
 *   set: (key, value, ttlMs) => kv.put(key, value, ttlMs),
 *   setIfAbsent: (key, value, ttlMs) => kv.putIfAbsent(key, value, ttlMs),
 *   hasAny: async (keys) => (await Promise.all(keys.map((key) => kv.has(key)))).includes(true),
 * };
 */
export interface TokenStore {
  /** The value stored at `key`, or `null` when there is none (or it expired). */
  get(key: string): Promise<string | null>;
  /**
   * Stores `value` at `key`, replacing any value, for `ttlMs` milliseconds (a positive
   * number), or until deleted when `ttlMs` is `null`.
   */
  set(key: string, value: string, ttlMs: number | null): Promise<void>;
  /**
   * Stores `value` at `key` only when the key holds nothing, and says whether it did.
   * Must be atomic: of several concurrent calls for one key, across every process that
   * shares the store, exactly one resolves `true`.
   */
  setIfAbsent(key: string, value: string, ttlMs: number | null): Promise<boolean>;
  /** Whether any of `keys` holds a value (one question per request, so one round trip). */
  hasAny(keys: readonly string[]): Promise<boolean>;
  /**
   * The values of `keys`, in their order, `null` for each key that holds nothing (or
   * expired): one round trip, for it is the question every protected request asks. When
   * the store has it, the core uses it instead of {@link TokenStore.hasAny}.
   */
  getMany?(keys: readonly string[]): Promise<(string | null)[]>;
  /**
   * Stores `value` under `field` in the map at `key`, replacing that field's value, for
   * `ttlMs` milliseconds (or until deleted when `null`): each field expires on its own. The
   * map holds other fields untouched, and is gone once its last field is. Atomic: two
   * concurrent calls on different fields both land.
   */
  mapSet?(key: string, field: string, value: string, ttlMs: number | null): Promise<void>;
  /** The live fields of the map at `key` with their values, in no particular order; `[]` when none. */
  mapEntries?(key: string): Promise<(readonly [field: string, value: string])[]>;
  /** Removes `fields` from the map at `key` (those it holds; the others are ignored). */
  mapDelete?(key: string, fields: readonly string[]): Promise<void>;
  /** Releases what the store holds open (connections, timers); optional. */
  close?(): Promise<void>;
}
