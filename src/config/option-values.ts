import type { JsonWebKey, KeyObject } from "node:crypto";

/** Where a token may be read from, in the names of the Python library. */
export type TokenLocation = "headers" | "cookies" | "query_string" | "json";

/** The signing algorithms this library accepts. `none` is never one of them. */
export type Algorithm =
  | "HS256"
  | "HS384"
  | "HS512"
  | "RS256"
  | "RS384"
  | "RS512"
  | "PS256"
  | "PS384"
  | "PS512"
  | "ES256"
  | "ES384"
  | "ES512"
  | "EdDSA";

/**
 * A key as PEM text, raw bytes, a Node.js `KeyObject` or a JSON Web Key. Every key becomes a
 * `KeyObject` bound to one algorithm when the manager is built.
 */
export type KeyInput = string | Buffer | KeyObject | JsonWebKey;

/**
 * A verification key that tokens name by their `kid` header, for key rotation.
 *
 * @example
 * const previous: KeySpec = { kid: "2025-01", key: oldPublicKeyPem, algorithm: "RS256" };
 */
export interface KeySpec {
  /** The `kid` header of the tokens this key verifies. */
  readonly kid: string;
  /** A secret for HS* algorithms, else a public key. */
  readonly key: KeyInput;
  /**
   * The one algorithm this key serves, listed in `decodeAlgorithms` or not: a token naming
   * this `kid` must carry this `alg`. Without it, the key serves each algorithm of
   * `decodeAlgorithms` it fits (at least one).
   */
  readonly algorithm?: Algorithm;
}

/** The status of tokens that are present but invalid (the contract's 422, or 401). */
export type InvalidTokenStatus = 401 | 422;

/** The `SameSite` cookie attribute; `null` leaves the attribute out. */
export type SameSite = "Strict" | "Lax" | "None" | null;

/** Every algorithm of {@link Algorithm}, in the order error messages list them. */
export const ALGORITHMS: readonly Algorithm[] = [
  "HS256",
  "HS384",
  "HS512",
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
];

/** Every location of {@link TokenLocation}, in the order error messages list them. */
export const TOKEN_LOCATIONS: readonly TokenLocation[] = [
  "headers",
  "cookies",
  "query_string",
  "json",
];

/** Max-Age of persistent cookies (`sessionCookie: false`), as the Python library writes it. */
export const PERSISTENT_COOKIE_MAX_AGE = 31_540_000;
