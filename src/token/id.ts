import { JwtDecodeError } from "../errors.ts";
import type { JwtPayload } from "./payload.ts";

/** The token's `jti` when it can name the token in a store: a non-empty string. */
export const tokenId = (payload: JwtPayload): string | null =>
  typeof payload.jti === "string" && payload.jti.length > 0 ? payload.jti : null;

/**
 * The token's `jti`, which revocation and rotation key their entries by; throws a 422
 * `JwtDecodeError` for a token without a non-empty string one.
 *
 * Where a store is configured, such a token is refused at decoding rather than keyed by
 * something else (a hash of its signature, say): a token that cannot be named in the store
 * could never be revoked, so accepting it would let a logout report success while the token
 * keeps working. Refusing is also the safer of the two: an ECDSA signature can be altered
 * into another valid one without the key, so a revocation keyed by the signature could be
 * stepped around. Tokens this library and flask-jwt-extended create always carry a `jti`.
 */
export function requireTokenId(payload: JwtPayload): string {
  const jti = tokenId(payload);
  if (jti !== null) return jti;
  throw new JwtDecodeError(
    payload.jti === undefined || payload.jti === null
      ? "Missing claim: jti"
      : "Invalid claim: jti must be a non-empty string",
  );
}

/**
 * The payload, its `jti` checked as {@link requireTokenId} does, typed as the revocation
 * loaders receive it. A blocklist loader, like a store, must be able to name the token it
 * refuses: a token without a `jti` is refused (422) rather than asked about.
 */
export const withTokenId = (payload: JwtPayload): JwtPayload & { jti: string } =>
  Object.assign(payload, { jti: requireTokenId(payload) });
