import { StoreUnavailableError } from "../errors.ts";
import type { TokenStore } from "../stores/token-store.ts";
import { withinTime } from "./time-limit.ts";

/**
 * Races one store call against a timer. A store that cannot be reached must not hold a
 * request for as long as its client keeps retrying (or forever, when the server hangs
 * without closing the connection): past `timeoutMs` the call fails, and so does the
 * request, with 503. Any error of the store becomes a {@link StoreUnavailableError} too:
 * the core never lets a token through because its check did not run.
 */
function bounded<T>(call: () => Promise<T>, timeoutMs: number): Promise<T> {
  let pending: Promise<T>;
  try {
    pending = call();
  } catch (error) {
    pending = Promise.reject(error);
  }
  return withinTime(pending, timeoutMs, () => {
    throw new StoreUnavailableError(new Error(`no answer within ${timeoutMs} ms`));
  }).catch((error: unknown) => {
    throw error instanceof StoreUnavailableError ? error : new StoreUnavailableError(error);
  });
}

/**
 * The store as the core uses it: every call bounded by `timeoutMs` and failing with a
 * {@link StoreUnavailableError}.
 */
export function boundStore(store: TokenStore, timeoutMs: number): TokenStore {
  return {
    get: (key) => bounded(() => store.get(key), timeoutMs),
    set: (key, value, ttlMs) => bounded(() => store.set(key, value, ttlMs), timeoutMs),
    setIfAbsent: (key, value, ttlMs) =>
      bounded(() => store.setIfAbsent(key, value, ttlMs), timeoutMs),
    hasAny: (keys) => bounded(() => store.hasAny(keys), timeoutMs),
  };
}
