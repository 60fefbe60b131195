import { randomUUID } from "node:crypto";
import { newCsrfValue } from "./csrf.ts";
import { type Duration, toSeconds, toSignedSeconds } from "./durations.ts";
import { ConfigurationError } from "./errors.ts";
import type { ResolvedOptions } from "./options.ts";

/** Per-call choices for a new token. */
export interface CreateTokenOptions {
  /**
   * Access tokens only. `true`/`false`, or a duration during which the token counts as
   * fresh (written as the NumericDate it ends). @default false
   */
  fresh?: boolean | Duration;
  /**
   * This token's lifetime instead of the configured one; `false` never expires. A negative
   * duration mints a token that is already expired, as the Python library allows (tests
   * use it to mint expired tokens).
   */
  expiresDelta?: Duration | false;
  /** Claims written last; they win over the loader's and the standard ones. */
  additionalClaims?: Record<string, unknown>;
  /** Headers added to `{"alg", "typ"}`; they win over the loader's. */
  additionalHeaders?: Record<string, unknown>;
}

export type TokenType = "access" | "refresh";

/** A duration as it may be shown in an error: numbers and short texts as they are. */
const shapeOf = (value: unknown): string =>
  typeof value === "number" || (typeof value === "string" && value.length <= 32)
    ? JSON.stringify(value)
    : `a ${typeof value}`;

const lifetime = (value: Duration | false, name: string, signed: boolean): number | false => {
  if (value === false) return false;
  const seconds =
    typeof value === "number" || typeof value === "string"
      ? (signed ? toSignedSeconds : toSeconds)(value)
      : undefined;
  if (seconds === undefined) {
    const accepted = signed ? "a duration" : "a non-negative duration";
    throw new ConfigurationError(`${name}: expected ${accepted} or false, got ${shapeOf(value)}`);
  }
  return seconds;
};

/**
 * The claims of a new token in the Python library's order: fresh, iat, jti, type, the
 * identity claim, nbf, csrf, aud, iss, exp; then the additional claims, which may override.
 */
export function buildClaims(
  options: ResolvedOptions,
  type: TokenType,
  identity: unknown,
  call: CreateTokenOptions,
  loaderClaims: Record<string, unknown>,
): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  const fresh = call.fresh ?? false;
  // Only the per-call lifetime may be negative: the configured ones were checked non-negative.
  const expires = lifetime(
    call.expiresDelta ??
      (type === "access" ? options.accessTokenExpires : options.refreshTokenExpires),
    "expiresDelta",
    true,
  );
  const claims: Record<string, unknown> = {
    fresh: typeof fresh === "boolean" ? fresh : now + (lifetime(fresh, "fresh", false) as number),
    iat: now,
    jti: randomUUID(),
    type,
    [options.identityClaim]: identity,
  };
  if (options.encodeNbf) claims.nbf = now;
  if (options.cookieCsrfProtect) claims.csrf = newCsrfValue();
  if (options.encodeAudience !== null) claims.aud = options.encodeAudience;
  if (options.encodeIssuer !== null) claims.iss = options.encodeIssuer;
  if (expires !== false) claims.exp = now + Math.floor(expires);
  return Object.assign(claims, loaderClaims, call.additionalClaims);
}
