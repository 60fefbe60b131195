import { checkOptionsArgument } from "../config/arguments.ts";
import { ConfigurationError, StoreUnavailableError } from "../errors.ts";
import type { TokenStore } from "./token-store.ts";

/**
 * Options of {@link MemoryTokenStore}.
 *
 * @example
 * const store = new MemoryTokenStore({ maxEntries: 2_000_000 });
 */
export interface MemoryTokenStoreOptions {
  /** The clock, in milliseconds since the epoch; tests freeze it. @default Date.now */
  now?: () => number;
  /**
   * The most entries held at once. Past it, writes of new keys are refused (so protected
   * routes that must write answer 503) rather than evicting an entry: evicting a
   * revocation would let a revoked token back in. @default Infinity
   */
  maxEntries?: number;
}

interface Entry {
  /** The entry's name in its table: a key, or a map's key and field (see fieldName). */
  readonly key: string;
  readonly value: string;
  /** Whole seconds since the epoch, rounded up; `Infinity` for entries without a TTL. */
  readonly expiresAt: number;
  /** For a map's field: the map's key and the field. */
  readonly map?: { readonly key: string; readonly field: string };
}

/** A map field's name in the fields table: unambiguous, as JSON of the pair. */
const fieldName = (key: string, field: string): string => JSON.stringify([key, field]);

/**
 * The embedded store, for an application that runs as one process: revocations and
 * refresh-family state live in a `Map` and disappear when the process stops.
 *
 * Memory stays bounded under churn because every entry expires when the token it is about
 * would have expired, and expired entries are removed as time passes, not only when read:
 * a min-heap orders entries by expiry, and each call first pops the entries whose time has
 * come (amortized O(log n) per entry, nothing at all when none expired). So the store holds
 * at most the entries written during one token lifetime: revocations per second × lifetime.
 * Expiry has a resolution of one second (rounded up): an entry is held at least for its
 * TTL, which the core sets to end one millisecond after the last instant its token verifies
 * (`exp` plus the leeway, inclusive), so an entry outlives its token by less than a second,
 * never the reverse.
 *
 * @example
 * const jwt = new JwtManager({ secretKey, store: new MemoryTokenStore() });
 * await jwt.revokeToken(token); // the token now answers 401 "Token has been revoked"
 */
export class MemoryTokenStore implements TokenStore {
  readonly #entries = new Map<string, Entry>();
  /** The fields of every map, each an entry of its own, and each map's field names. */
  readonly #fields = new Map<string, Entry>();
  readonly #maps = new Map<string, Set<string>>();
  /** A binary min-heap on `expiresAt`; may hold entries since replaced, skipped when popped. */
  readonly #heap: Entry[] = [];
  readonly #now: () => number;
  readonly #maxEntries: number;

  constructor(options: MemoryTokenStoreOptions = {}) {
    checkOptionsArgument(options, "MemoryTokenStore options");
    this.#now = options.now ?? Date.now;
    this.#maxEntries = options.maxEntries ?? Number.POSITIVE_INFINITY;
    if (!(this.#maxEntries > 0)) {
      throw new ConfigurationError(
        `maxEntries: expected a positive number, got ${this.#maxEntries}`,
      );
    }
  }

  /** How many live entries the store holds (expired ones are removed first). */
  get size(): number {
    this.#sweep();
    return this.#entries.size + this.#fields.size;
  }

  async get(key: string): Promise<string | null> {
    this.#sweep();
    return this.#entries.get(key)?.value ?? null;
  }

  async set(key: string, value: string, ttlMs: number | null): Promise<void> {
    this.#sweep();
    this.#write(key, value, ttlMs);
  }

  /**
   * Atomic because it is synchronous from the check to the write: JavaScript runs one
   * call at a time, so no other call can store the key in between.
   */
  async setIfAbsent(key: string, value: string, ttlMs: number | null): Promise<boolean> {
    this.#sweep();
    if (this.#entries.has(key)) return false;
    this.#write(key, value, ttlMs);
    return true;
  }

  async hasAny(keys: readonly string[]): Promise<boolean> {
    this.#sweep();
    return keys.some((key) => this.#entries.has(key));
  }

  async getMany(keys: readonly string[]): Promise<(string | null)[]> {
    this.#sweep();
    return keys.map((key) => this.#entries.get(key)?.value ?? null);
  }

  async mapSet(key: string, field: string, value: string, ttlMs: number | null): Promise<void> {
    this.#sweep();
    this.#write(key, value, ttlMs, field);
  }

  async mapEntries(key: string): Promise<(readonly [string, string])[]> {
    this.#sweep();
    const fields = this.#maps.get(key);
    if (fields === undefined) return [];
    return [...fields].map((field) => [
      field,
      (this.#fields.get(fieldName(key, field)) as Entry).value,
    ]);
  }

  async mapDelete(key: string, fields: readonly string[]): Promise<void> {
    this.#sweep();
    for (const field of fields) {
      const entry = this.#fields.get(fieldName(key, field));
      if (entry !== undefined) this.#remove(entry);
    }
  }

  /** Writes a key, or a map's field when `field` is given. */
  #write(key: string, value: string, ttlMs: number | null, field?: string): void {
    if (ttlMs !== null && !(ttlMs > 0)) {
      throw new ConfigurationError(`ttlMs: expected a positive number or null, got ${ttlMs}`);
    }
    const table = field === undefined ? this.#entries : this.#fields;
    const name = field === undefined ? key : fieldName(key, field);
    const held = this.#entries.size + this.#fields.size;
    if (held >= this.#maxEntries && !table.has(name)) {
      // A 503 for the request that needed the write, as any store that cannot take it.
      throw new StoreUnavailableError(
        new Error(`the memory token store is full (${this.#maxEntries} entries)`),
      );
    }
    const expiresAt =
      ttlMs === null ? Number.POSITIVE_INFINITY : Math.ceil((this.#now() + ttlMs) / 1000);
    const existing = table.get(name);
    // Writing what is already held changes nothing: skipping it keeps a key written again
    // and again (a replayed logout, say) from piling up entries in the heap.
    if (existing?.value === value && existing.expiresAt >= expiresAt) return;
    const entry: Entry =
      field === undefined
        ? { key: name, value, expiresAt }
        : { key: name, value, expiresAt, map: { key, field } };
    table.set(name, entry);
    if (field !== undefined) {
      const fields = this.#maps.get(key) ?? new Set<string>();
      fields.add(field);
      this.#maps.set(key, fields);
    }
    if (ttlMs !== null) this.#push(entry);
    // Replaced entries wait in the heap until their own expiry; past twice the live count,
    // rebuild it from the live entries so that memory follows what is held.
    if (this.#heap.length > 2 * (this.#entries.size + this.#fields.size) + 1024) {
      this.#rebuildHeap();
    }
  }

  /** Forgets an entry that is current in its table (a replaced one is no longer there). */
  #remove(entry: Entry): void {
    const table = entry.map === undefined ? this.#entries : this.#fields;
    if (table.get(entry.key) !== entry) return;
    table.delete(entry.key);
    if (entry.map === undefined) return;
    const fields = this.#maps.get(entry.map.key);
    fields?.delete(entry.map.field);
    if (fields?.size === 0) this.#maps.delete(entry.map.key);
  }

  #rebuildHeap(): void {
    const live = [...this.#entries.values(), ...this.#fields.values()].filter(
      (entry) => entry.expiresAt !== Infinity,
    );
    // An array sorted by expiry is a valid min-heap.
    live.sort((a, b) => a.expiresAt - b.expiresAt);
    this.#heap.length = 0;
    for (const entry of live) this.#heap.push(entry);
  }

  /** Removes every entry whose expiry has passed; stops at the first one still live. */
  #sweep(): void {
    const heap = this.#heap;
    if (heap.length === 0) return;
    const now = this.#now() / 1000;
    while (heap.length > 0 && (heap[0] as Entry).expiresAt <= now) {
      // A replaced entry left its old heap slot behind: only the current one is deleted.
      this.#remove(this.#pop());
    }
  }

  #push(entry: Entry): void {
    const heap = this.#heap;
    let index = heap.push(entry) - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if ((heap[parent] as Entry).expiresAt <= entry.expiresAt) break;
      heap[index] = heap[parent] as Entry;
      index = parent;
    }
    heap[index] = entry;
  }

  #pop(): Entry {
    const heap = this.#heap;
    const top = heap[0] as Entry;
    const last = heap.pop() as Entry;
    if (heap.length === 0) return top;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child =
        right < heap.length && (heap[right] as Entry).expiresAt < (heap[left] as Entry).expiresAt
          ? right
          : left;
      if ((heap[child] as Entry).expiresAt >= last.expiresAt) break;
      heap[index] = heap[child] as Entry;
      index = child;
    }
    heap[index] = last;
    return top;
  }
}
