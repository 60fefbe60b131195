import type { JsonWebKey } from "node:crypto";
import type { Algorithm } from "../config/option-values.ts";
import { type BoundKey, bindKey } from "./keys.ts";

/**
 * A fetched JWK Set's usable keys by `kid`, each bound to exactly one algorithm. Every
 * `kid` of the set is present, with no keys when none of its JWKs may be used: the set
 * names it, so a token naming it is no reason to fetch the set again.
 */
export type BoundJwkSet = ReadonlyMap<string, readonly BoundKey[]>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Binds one JWK to its `alg` (which must be allowed), or to the one allowed algorithm its
 * type fits; `undefined` for a JWK that is not a signature key, is symmetric, holds
 * private parts, fits no allowed algorithm or fits several.
 */
function bindJwk(
  jwk: Record<string, unknown>,
  kid: string,
  algorithms: readonly Algorithm[],
): BoundKey | undefined {
  if ((jwk.use !== undefined && jwk.use !== "sig") || jwk.kty === "oct") return undefined;
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes("verify")))
    return undefined;
  const { kty, crv, n, e, x, y, d } = jwk;
  // `d` is kept so that a published private key is refused, not quietly made public.
  const material = Object.fromEntries(
    Object.entries({ kty, crv, n, e, x, y, d }).filter(([, value]) => value !== undefined),
  ) as JsonWebKey;
  const declared = jwk.alg;
  if (declared !== undefined && !algorithms.includes(declared as Algorithm)) return undefined;
  const candidates =
    declared !== undefined
      ? [declared as Algorithm]
      : algorithms.filter((algorithm) => !algorithm.startsWith("HS"));
  const keys: BoundKey[] = [];
  for (const algorithm of candidates) {
    try {
      keys.push(bindKey(material, algorithm, "verify", kid, "jwks"));
    } catch {
      // Wrong type, curve or size for this algorithm; the message is not kept.
    }
  }
  return keys.length === 1 ? keys[0] : undefined;
}

/**
 * Binds the keys of a fetched JWK Set, grouped by `kid`. A JWK without a string `kid` is
 * skipped (tokens select remote keys by `kid` only). One `kid` may name keys of several
 * algorithms (RFC 7517 §4.5: keys of different types); for one algorithm, the first JWK
 * that binds to it is used.
 */
export function bindJwkSet(
  keys: readonly unknown[],
  algorithms: readonly Algorithm[],
): BoundJwkSet {
  const byKid = new Map<string, BoundKey[]>();
  for (const jwk of keys) {
    if (!isRecord(jwk) || typeof jwk.kid !== "string") continue;
    const bound = byKid.get(jwk.kid) ?? [];
    byKid.set(jwk.kid, bound);
    const key = bindJwk(jwk, jwk.kid, algorithms);
    if (key !== undefined && !bound.some((other) => other.algorithm === key.algorithm)) {
      bound.push(key);
    }
  }
  return byKid;
}
