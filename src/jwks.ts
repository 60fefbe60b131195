import type { JsonWebKey } from "node:crypto";
import { ConfigurationError } from "./errors.ts";
import { type BoundKey, bindKey } from "./keys.ts";
import type { Algorithm } from "./options.ts";

type BuildGetJwks = typeof import("get-jwks");
type GetJwks = ReturnType<BuildGetJwks>;

/** How a {@link RemoteJwks} fetches and caches. */
export interface RemoteJwksOptions {
  /** The JWK Set document's absolute URL. */
  url: string;
  /** Seconds a fetched key is kept before it is fetched again. */
  cacheTtl: number;
  /** Seconds between two fetches for key ids that were never seen. */
  refetchInterval: number;
  /** The algorithms a fetched key may be bound to (`decodeAlgorithms`). */
  algorithms: readonly Algorithm[];
  /** Milliseconds a fetch may take before the token is refused. @default 5000 */
  timeout?: number;
}

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]"]);
const MAX_KNOWN_KIDS = 256;

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
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw new ConfigurationError(
      `${name}: expected an https URL (http is allowed for loopback hosts only), got a ${url.protocol} URL${url.hostname ? ` to ${url.hostname}` : ""}`,
    );
  }
  if (url.username !== "" || url.password !== "") {
    throw new ConfigurationError(`${name}: expected a URL without credentials`);
  }
  return url.href;
}

async function loadGetJwks(): Promise<BuildGetJwks> {
  try {
    const module = (await import("get-jwks")) as { default?: BuildGetJwks };
    return module.default ?? (module as unknown as BuildGetJwks);
  } catch {
    throw new ConfigurationError(
      "jwksUrl: the get-jwks package is needed to fetch remote keys (npm install get-jwks)",
    );
  }
}

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("JWKS fetch timed out")), ms);
    timer.unref?.();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });

/**
 * Verification keys from a remote JWK Set, fetched and cached by `get-jwks`. A `kid` that
 * was never seen can be asked for by anyone who sends a token, so such fetches are rate
 * limited: at most one per `refetchInterval`, the others refused without a request. A key
 * is bound to its JWK's `alg`, or to the one allowed algorithm its type fits; a JWK that
 * is not a signature key, holds private parts, or fits no allowed algorithm is never used.
 */
export class RemoteJwks {
  readonly #options: RemoteJwksOptions;
  readonly #domain: string;
  readonly #path: string;
  readonly #client: Promise<GetJwks>;
  readonly #known = new Set<string>();
  readonly #bound = new WeakMap<object, readonly BoundKey[]>();
  #lastUnknownFetch = Number.NEGATIVE_INFINITY;

  constructor(options: RemoteJwksOptions) {
    this.#options = options;
    const url = new URL(options.url);
    this.#domain = `${url.origin}/`;
    this.#path = `${url.pathname.slice(1)}${url.search}`;
    this.#client = loadGetJwks().then((build) =>
      build({
        max: 100,
        ttl: options.cacheTtl * 1000,
        providerDiscovery: false,
        ...(this.#path ? { jwksPath: this.#path } : {}),
      }),
    );
    // Reported on first use; never as an unhandled rejection.
    this.#client.catch(() => {});
  }

  /** The keys a token with this `kid` and `alg` may be verified with; `undefined` if none. */
  async keysFor(kid: string, alg: string): Promise<readonly BoundKey[] | undefined> {
    const client = await this.#client;
    const cached = client.cache.get(client.generateCacheKey(alg, kid, this.#domain)) !== undefined;
    if (!cached && !this.#known.has(kid)) {
      const now = Date.now();
      if (now - this.#lastUnknownFetch < this.#options.refetchInterval * 1000) return undefined;
      this.#lastUnknownFetch = now;
    }
    let jwk: JsonWebKey;
    try {
      jwk = await withTimeout(
        client.getJwk({ domain: this.#domain, alg, kid }),
        this.#options.timeout ?? 5000,
      );
    } catch {
      // Unreachable, unparsable or without this kid: the token is refused (fail closed).
      return undefined;
    }
    this.#remember(kid);
    return this.#bind(jwk, kid);
  }

  #remember(kid: string): void {
    if (this.#known.has(kid)) return;
    if (this.#known.size >= MAX_KNOWN_KIDS) {
      const oldest = this.#known.values().next().value;
      if (oldest !== undefined) this.#known.delete(oldest);
    }
    this.#known.add(kid);
  }

  #bind(jwk: JsonWebKey, kid: string): readonly BoundKey[] | undefined {
    const cached = this.#bound.get(jwk);
    if (cached !== undefined) return cached;
    if ((jwk.use !== undefined && jwk.use !== "sig") || jwk.kty === "oct") return undefined;
    if (Array.isArray(jwk.key_ops) && !jwk.key_ops.includes("verify")) return undefined;
    const { kty, crv, n, e, x, y } = jwk;
    const material: JsonWebKey = Object.fromEntries(
      Object.entries({ kty, crv, n, e, x, y, d: jwk.d }).filter(([, value]) => value !== undefined),
    );
    const declared = jwk.alg as Algorithm | undefined;
    if (declared !== undefined && !this.#options.algorithms.includes(declared)) return undefined;
    const candidates =
      declared !== undefined
        ? [declared]
        : this.#options.algorithms.filter((algorithm) => !algorithm.startsWith("HS"));
    const keys: BoundKey[] = [];
    for (const algorithm of candidates) {
      try {
        keys.push(bindKey(material, algorithm, "verify", kid, "jwks"));
      } catch {
        // Wrong type, curve or size for this algorithm.
      }
    }
    // Bound to exactly one algorithm: its `alg`, or the only allowed one its type fits.
    if (keys.length !== 1) return undefined;
    this.#bound.set(jwk, keys);
    return keys;
  }
}
