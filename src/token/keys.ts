import type { JsonWebKey, KeyObject } from "node:crypto";
import type { ResolvedOptions } from "../config/option-table.ts";
import type { Algorithm, KeyInput } from "../config/option-values.ts";
import { ConfigurationError } from "../errors.ts";
import { isHmac, isJwk, type KeyUse, keyObjectFor } from "./key-material.ts";

/**
 * A key bound, when the manager is built, to the one algorithm it may serve. The token's
 * `alg` header never chooses a key or an algorithm: a token is verified only with a key
 * its `kid` selects (or the configured key), and only when its `alg` is that key's.
 */
export interface BoundKey {
  /** The `kid` tokens name this key by; `null` for a key without one. */
  readonly kid: string | null;
  readonly algorithm: Algorithm;
  readonly use: KeyUse;
  readonly key: KeyObject;
}

/** A public key as published in a JWK Set (RFC 7517 §5), bound to its algorithm. */
export interface PublicJwk extends JsonWebKey {
  kty: string;
  use: "sig";
  alg: Algorithm;
  kid?: string;
}

/** A JWK Set document, as served at `/.well-known/jwks.json`. */
export interface JwkSet {
  keys: PublicJwk[];
}

/** Binds one key; throws a {@link ConfigurationError} naming `name` when it does not fit. */
export function bindKey(
  input: KeyInput,
  algorithm: Algorithm,
  use: KeyUse,
  kid: string | null,
  name: string,
): BoundKey {
  return Object.freeze({ kid, algorithm, use, key: keyObjectFor(input, algorithm, use, name) });
}

/**
 * Binds one key to every algorithm of `algorithms` it fits (type, size, curve). A misfit
 * for `required` (one of `algorithms`) throws; a key that fits none throws the first misfit.
 */
function bindFitting(
  input: KeyInput,
  algorithms: readonly Algorithm[],
  kid: string | null,
  name: string,
  required?: Algorithm,
): BoundKey[] {
  const keys: BoundKey[] = [];
  let firstError: unknown;
  for (const algorithm of algorithms) {
    try {
      keys.push(bindKey(input, algorithm, "verify", kid, name));
    } catch (error) {
      if (algorithm === required) throw error;
      firstError ??= error;
    }
  }
  if (keys.length === 0) {
    const message = firstError instanceof Error ? firstError.message : `${name}: fits no algorithm`;
    // An entry's own `algorithm` binds it outside the list: say so.
    throw new ConfigurationError(`${message}; give the entry an algorithm to bind it to another`);
  }
  return keys;
}

const staticInput = (options: ResolvedOptions, use: KeyUse): [KeyInput | undefined, string] => {
  if (isHmac(options.algorithm)) return [options.secretKey, "secretKey"];
  return use === "sign" ? [options.privateKey, "privateKey"] : [options.publicKey, "publicKey"];
};

/**
 * The configured keys: the signing key with its `kid`, the verification keys without a
 * `kid` (the configured secret or public key, one binding per allowed algorithm it fits),
 * and the verification keys by `kid` (`encodeKeyId` for the configured key, and
 * `decodeKeys`). A `decodeKeys` entry with its own `algorithm` is bound to that algorithm
 * alone, listed in `decodeAlgorithms` or not: the operator named the algorithm of that very
 * key, and the token's `kid` selects the key, so the token's `alg` can only match it or be
 * refused. This is how keys of different types take turns (RS256 to ES256, HS256 to RS256).
 * Key ids live in a `Map`: a `kid` of `__proto__` or `constructor` is just an unknown id.
 */
export class KeyRing {
  readonly #signing: BoundKey | undefined;
  readonly #defaults: readonly BoundKey[];
  readonly #byKid: ReadonlyMap<string, readonly BoundKey[]>;
  /** Whether tokens name their key: then an unknown `kid` is refused rather than ignored. */
  readonly keyed: boolean;
  /** Every algorithm some configured key is bound to: `decodeAlgorithms` and the entries' own. */
  readonly algorithms: readonly Algorithm[];

  constructor(options: ResolvedOptions) {
    const kid = options.encodeKeyId;
    const [signInput, signName] = staticInput(options, "sign");
    this.#signing =
      signInput === undefined
        ? undefined
        : bindKey(signInput, options.algorithm, "sign", kid, signName);
    const [verifyInput, verifyName] = staticInput(options, "verify");
    // The configured key must fit `algorithm`; another allowed algorithm it does not fit is
    // left to a `decodeKeys` entry (checked below).
    this.#defaults =
      verifyInput === undefined
        ? []
        : bindFitting(verifyInput, options.decodeAlgorithms, kid, verifyName, options.algorithm);
    const byKid = new Map<string, BoundKey[]>();
    const add = (key: BoundKey, name: string): void => {
      const list = byKid.get(key.kid as string) ?? [];
      if (list.some((other) => other.algorithm === key.algorithm)) {
        throw new ConfigurationError(
          `${name}: kid ${JSON.stringify(key.kid)} is given twice for algorithm ${key.algorithm}`,
        );
      }
      byKid.set(key.kid as string, [...list, key]);
    };
    if (kid !== null) for (const key of this.#defaults) add(key, "encodeKeyId");
    const algorithms = new Set<Algorithm>(options.decodeAlgorithms);
    options.decodeKeys.forEach((spec, index) => {
      const name = `decodeKeys[${index}]`;
      if (spec.algorithm !== undefined) {
        add(bindKey(spec.key, spec.algorithm, "verify", spec.kid, `${name}.key`), name);
        algorithms.add(spec.algorithm);
        return;
      }
      const keys = bindFitting(spec.key, options.decodeAlgorithms, spec.kid, `${name}.key`);
      for (const key of keys) add(key, name);
    });
    this.#byKid = byKid;
    this.keyed = kid !== null || byKid.size > 0 || options.jwksUrl !== null;
    this.algorithms = [...algorithms];
    // Each allowed algorithm needs a key, unless a remote JWK Set may supply it.
    if (verifyInput !== undefined && options.jwksUrl === null) {
      const bound = [...this.#defaults, ...[...byKid.values()].flat()];
      for (const algorithm of options.decodeAlgorithms) {
        if (!bound.some((key) => key.algorithm === algorithm)) {
          throw new ConfigurationError(
            `decodeAlgorithms: no configured key fits ${algorithm} (${verifyName} does not); ` +
              `give its key in decodeKeys, or leave ${algorithm} out`,
          );
        }
      }
    }
  }

  /** The key new tokens are signed with; `undefined` when only a loader or nothing gives one. */
  get signingKey(): BoundKey | undefined {
    return this.#signing;
  }

  /**
   * The keys a token with this `kid` header may be verified with: by id when tokens name
   * their keys, else the configured key. `undefined` for an id that is not configured.
   */
  candidates(kid: unknown): readonly BoundKey[] | undefined {
    if (kid === undefined || !this.keyed) return this.#defaults;
    return typeof kid === "string" ? this.#byKid.get(kid) : undefined;
  }

  /**
   * The public keys of the asymmetric verification keys as a JWK Set (RFC 7517), each with
   * its `kid`, `alg` and `use: "sig"`; secrets are never in it.
   */
  jwks(): JwkSet {
    const seen = new Set<string>();
    const keys: PublicJwk[] = [];
    const all = [...this.#defaults, ...[...this.#byKid.values()].flat()];
    for (const bound of all) {
      if (bound.key.type !== "public") continue;
      const id = `${bound.kid ?? ""}\u0000${bound.algorithm}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const { kty, ...material } = bound.key.export({ format: "jwk" });
      keys.push({
        kty: kty as string,
        use: "sig",
        alg: bound.algorithm,
        ...(bound.kid !== null ? { kid: bound.kid } : {}),
        ...material,
      });
    }
    return { keys };
  }
}

const LOADER_CACHE_SIZE = 64;

/**
 * Binds the keys the encode and decode key loaders return, once per distinct key: the
 * same rules as configured keys, checked on first use. An empty or missing key from the
 * decode loader means "no key for this token" (the token is refused); it is never a key.
 */
export class LoaderKeys {
  readonly #options: ResolvedOptions;
  readonly #byText = new Map<string, readonly BoundKey[]>();
  readonly #byObject = new WeakMap<object, readonly BoundKey[]>();

  constructor(options: ResolvedOptions) {
    this.#options = options;
  }

  /** The signing key for what the encode-key loader returned. */
  signing(input: KeyInput | null | undefined): BoundKey {
    const keys = this.#bind(input, "sign", "encodeKey loader");
    if (keys === undefined) {
      throw new ConfigurationError("encodeKey loader: expected a key, got an empty one");
    }
    return keys[0] as BoundKey;
  }

  /** The verification keys (one per allowed algorithm) for what the decode-key loader returned. */
  verifying(input: KeyInput | null | undefined): readonly BoundKey[] | undefined {
    return this.#bind(input, "verify", "decodeKey loader");
  }

  #bind(input: KeyInput | null | undefined, use: KeyUse, name: string) {
    if (input === null || input === undefined) return undefined;
    if ((typeof input === "string" || Buffer.isBuffer(input)) && input.length === 0)
      return undefined;
    // Text and JWK objects (often rebuilt per call) are cached by content, the rest by identity.
    const text =
      typeof input === "string" ? input : isJwk(input) ? JSON.stringify(input) : undefined;
    const cacheKey = text === undefined ? undefined : `${use}:${text}`;
    const cached =
      cacheKey === undefined ? this.#byObject.get(input as object) : this.#byText.get(cacheKey);
    if (cached !== undefined && cached[0]?.use === use) return cached;
    const keys = use === "sign" ? [bindKey(input, this.#options.algorithm, use, null, name)] : [];
    if (use === "verify") {
      // One binding per allowed algorithm the key fits; a key that fits none is refused.
      let firstError: unknown;
      for (const algorithm of this.#options.decodeAlgorithms) {
        try {
          keys.push(bindKey(input, algorithm, use, null, name));
        } catch (error) {
          firstError ??= error;
        }
      }
      if (keys.length === 0) throw firstError;
    }
    if (cacheKey === undefined) {
      this.#byObject.set(input as object, keys);
    } else {
      if (this.#byText.size >= LOADER_CACHE_SIZE) {
        const oldest = this.#byText.keys().next().value;
        if (oldest !== undefined) this.#byText.delete(oldest);
      }
      this.#byText.set(cacheKey, keys);
    }
    return keys;
  }
}
