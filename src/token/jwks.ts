import type { Algorithm } from "../config/option-values.ts";
import { ConfigurationError } from "../errors.ts";
import { type BoundJwkSet, bindJwkSet } from "./jwks-bind.ts";
import { JwksCache } from "./jwks-cache.ts";
import { fetchJwkSet, isSecureJwksTransport } from "./jwks-fetch.ts";
import type { BoundKey } from "./keys.ts";

/** How a {@link RemoteJwks} fetches and caches. */
export interface RemoteJwksOptions {
  /** The JWK Set document's absolute URL. */
  url: string;
  /** Seconds a fetched set is used before it is fetched again. */
  cacheTtl: number;
  /** Least seconds between two fetches, other than the fetch of an expired set. */
  refetchInterval: number;
  /** Seconds past `cacheTtl` an old set still serves while fetches fail. @default 0 */
  staleIfError?: number;
  /** The algorithms a fetched key may be bound to (`decodeAlgorithms`). */
  algorithms: readonly Algorithm[];
  /** Milliseconds a fetch, body included, may take before it is aborted. @default 5000 */
  timeout?: number;
  /** A monotonic clock in milliseconds, for tests. @default performance.now */
  now?: () => number;
}

/** A JWK Set is a few keys; a larger document is refused rather than read. */
const MAX_JWKS_BYTES = 1024 * 1024;

/**
 * Checks a JWK Set URL once, at configuration: absolute, `https:` (plain `http:` only to
 * a loopback host, for development and tests). Keys fetched over plain HTTP could be
 * replaced by anyone on the path, and whoever supplies the keys decides who is logged in.
 */
export function checkJwksUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(
      // Never quoted: the text may hold credentials that failed to parse as such.
      `${name}: expected an absolute https URL, got ${value.length === 0 ? "an empty string" : "a text that is not one"}`,
    );
  }
  if (!isSecureJwksTransport(url)) {
    throw new ConfigurationError(
      `${name}: expected an https URL (http is allowed for loopback hosts only), got a URL of scheme ${url.protocol}${url.hostname ? ` for host ${url.hostname}` : ""}`,
    );
  }
  if (url.username !== "" || url.password !== "") {
    throw new ConfigurationError(`${name}: expected a URL without credentials`);
  }
  return url.href;
}

/**
 * Verification keys from a remote JWK Set. The whole set is fetched (see
 * {@link fetchJwkSet}), its keys bound by `kid` (see {@link bindJwkSet}), and kept by a
 * {@link JwksCache}: a key the latest successful fetch lacks is refused, a set older than
 * `cacheTtl` with no successful fetch since is not used (unless `staleIfError` allows),
 * and tokens, forged or not, cause at most one fetch per `refetchInterval` beyond the
 * fetch of an expired set.
 */
export class RemoteJwks {
  readonly #cache: JwksCache<BoundJwkSet>;

  constructor(options: RemoteJwksOptions) {
    const fetchOptions = { timeout: options.timeout ?? 5000, maxBytes: MAX_JWKS_BYTES };
    this.#cache = new JwksCache({
      load: async () =>
        bindJwkSet(await fetchJwkSet(options.url, fetchOptions), options.algorithms),
      ttl: options.cacheTtl * 1000,
      refetchInterval: options.refetchInterval * 1000,
      staleIfError: (options.staleIfError ?? 0) * 1000,
      ...(options.now === undefined ? {} : { now: options.now }),
    });
  }

  /**
   * The keys a token with this `kid` may be verified with, each bound to one algorithm;
   * `undefined` when the set cannot be had or does not name the `kid`. Never throws: an
   * unreachable or unparsable set refuses the token (fail closed).
   */
  async keysFor(kid: string): Promise<readonly BoundKey[] | undefined> {
    const set = await this.#cache.current();
    if (set === undefined) return undefined;
    return set.get(kid) ?? (await this.#cache.refetch())?.get(kid);
  }
}
