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
 * {@link StoreUnavailableError}. The optional methods are there only when the store has
 * them, so that the core can tell which features it supports.
 */
export function boundStore(store: TokenStore, timeoutMs: number): TokenStore {
  const bound: TokenStore = {
    get: (key) => bounded(() => store.get(key), timeoutMs),
    set: (key, value, ttlMs) => bounded(() => store.set(key, value, ttlMs), timeoutMs),
    setIfAbsent: (key, value, ttlMs) =>
      bounded(() => store.setIfAbsent(key, value, ttlMs), timeoutMs),
    hasAny: (keys) => bounded(() => store.hasAny(keys), timeoutMs),
  };
  if (hasMethods(store, ["getMany"])) {
    bound.getMany = (keys) => bounded(() => store.getMany(keys), timeoutMs);
  }
  if (hasMethods(store, MAP_METHODS)) {
    bound.mapSet = (key, field, value, ttlMs) =>
      bounded(() => store.mapSet(key, field, value, ttlMs), timeoutMs);
    bound.mapEntries = (key) => bounded(() => store.mapEntries(key), timeoutMs);
    bound.mapDelete = (key, fields) => bounded(() => store.mapDelete(key, fields), timeoutMs);
  }
  return bound;
}

/** The methods sessions need besides `getMany`: a store offers all three or none. */
export const MAP_METHODS = ["mapSet", "mapEntries", "mapDelete"] as const;

/** Whether the store has every one of the optional methods `names`. */
export const hasMethods = <Name extends keyof TokenStore>(
  store: TokenStore,
  names: readonly Name[],
): store is TokenStore & Required<Pick<TokenStore, Name>> =>
  names.every((name) => typeof store[name] === "function");
