/** How a {@link JwksCache} loads and keeps its value. All durations in milliseconds. */
export interface JwksCacheOptions<T> {
  /** Fetches the whole set; a rejection is a failed fetch. */
  load: () => Promise<T>;
  /** How long a fetched set is used before it must be fetched again. */
  ttl: number;
  /** Least time between two fetches, other than the fetch of a set the TTL expired. */
  refetchInterval: number;
  /** How long past the TTL a set may still be used while every fetch fails; 0: never. */
  staleIfError: number;
  /** A monotonic clock in milliseconds. @default performance.now */
  now?: () => number;
}

/**
 * The last JWK Set fetched successfully, with its fetch time. Whoever sends a token decides
 * when keys are looked up, so fetches are bounded here, whatever the traffic:
 *
 * - a set younger than the TTL is used as it is;
 * - an expired (or missing) set is fetched again, once for all concurrent callers; past the
 *   TTL without a successful fetch nothing is used (fail closed), unless a stale-if-error
 *   window is set: then the old set serves until TTL plus window after its fetch, and no
 *   longer, however many fetches fail;
 * - a fetch for a key the set lacks ({@link refetch}) happens at most once per refetch
 *   interval; a failed fetch counts too, so an endpoint that is down is asked once per
 *   interval, not once per request.
 */
export class JwksCache<T> {
  readonly #options: JwksCacheOptions<T>;
  readonly #now: () => number;
  #value: T | undefined;
  #fetchedAt = Number.NEGATIVE_INFINITY;
  #lastAttempt = Number.NEGATIVE_INFINITY;
  #lastFailed = false;
  #inFlight: Promise<boolean> | undefined;

  constructor(options: JwksCacheOptions<T>) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
  }

  /**
   * The set to verify with: the cached one while fresh, else one fetched now (or the old
   * one within the stale-if-error window); `undefined` when none may be used.
   */
  async current(): Promise<T | undefined> {
    if (this.#value !== undefined && this.#age() < this.#options.ttl) return this.#value;
    const failedLately =
      this.#lastFailed && this.#now() - this.#lastAttempt < this.#options.refetchInterval;
    const fetched = this.#inFlight ?? (failedLately ? undefined : this.#fetch());
    return this.#usable(fetched === undefined ? false : await fetched);
  }

  /**
   * The set fetched again, because the current one lacks a key a token names: at most one
   * fetch per refetch interval, shared with a fetch already under way. Otherwise the set
   * as it is.
   */
  async refetch(): Promise<T | undefined> {
    const due = this.#now() - this.#lastAttempt >= this.#options.refetchInterval;
    const fetched = this.#inFlight ?? (due ? this.#fetch() : undefined);
    return this.#usable(fetched === undefined ? false : await fetched);
  }

  #age(): number {
    return this.#now() - this.#fetchedAt;
  }

  /** The value, when just fetched, fresh, or within the stale-if-error window. */
  #usable(justFetched: boolean): T | undefined {
    if (this.#value === undefined) return undefined;
    if (justFetched) return this.#value;
    return this.#age() < this.#options.ttl + this.#options.staleIfError ? this.#value : undefined;
  }

  #fetch(): Promise<boolean> {
    const startedAt = this.#now();
    this.#lastAttempt = startedAt;
    // Started in a `then`, so that a load that throws at once is a failed fetch too.
    const fetching = Promise.resolve()
      .then(() => this.#options.load())
      .then(
        (value) => {
          this.#value = value;
          // Aged from the request, not the answer: the set is at least that old.
          this.#fetchedAt = startedAt;
          this.#lastFailed = false;
          return true;
        },
        () => {
          // The old set is kept, with its old fetch time: a failure never extends it.
          this.#lastFailed = true;
          return false;
        },
      );
    this.#inFlight = fetching.finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }
}
