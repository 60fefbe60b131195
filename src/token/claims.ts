import { randomUUID } from "node:crypto";
import { type Duration, toSignedSeconds } from "../config/durations.ts";
import type { ResolvedOptions } from "../config/option-table.ts";
import { ConfigurationError } from "../errors.ts";
import { newCsrfValue } from "../request/csrf.ts";
import type { SessionMetadata } from "../revocation/sessions.ts";

/**
 * Per-call choices for a new token; `Claims` is the manager's, which `additionalClaims` is
 * checked against.
 */
export interface CreateTokenOptions<Claims extends object = Record<string, unknown>> {
  /**
   * Access tokens only. `true`/`false`, or a duration during which the token counts as
   * fresh (written as the NumericDate it ends; negative: already stale). @default false
   */
  fresh?: boolean | Duration;
  /**
   * This token's lifetime instead of the configured one; `false` never expires. A negative
   * duration mints a token that is already expired, as the Python library allows (tests
   * use it to mint expired tokens).
   */
  expiresDelta?: Duration | false;
  /** Claims written last; they win over the loader's and the standard ones. */
  additionalClaims?: Partial<Claims>;
  /** Headers added to `{"alg", "typ"}`; they win over the loader's. */
  additionalHeaders?: Record<string, unknown>;
}

/**
 * Options of `JwtManager.createTokenPair`: those of both tokens, `fresh` for the access
 * token, and what to show of the login in `listSessions`.
 *
 * @example
 * const pair = await jwt.createTokenPair("alice", { fresh: true, additionalClaims: { tenant: "t1" } });
 */
export interface TokenPairOptions<Claims extends object = Record<string, unknown>>
  extends Pick<CreateTokenOptions<Claims>, "fresh" | "additionalClaims" | "additionalHeaders"> {
  /**
   * Shown back with the login's session by `listSessions` (the user agent, a device
   * name): short JSON values, at most 2048 characters as JSON. Needs a store that keeps
   * sessions. @default {}
   */
  sessionMetadata?: SessionMetadata;
}

export type TokenType = "access" | "refresh";

/** A duration as it may be shown in an error: numbers and short texts as they are. */
const shapeOf = (value: unknown): string =>
  typeof value === "number" || (typeof value === "string" && value.length <= 32)
    ? JSON.stringify(value)
    : `a ${typeof value}`;

/**
 * A per-call duration in seconds, negative ones included: as in the Python library, a
 * negative `expiresDelta` mints a token already expired, a negative `fresh` one already stale.
 */
const lifetime = (value: Duration | false, name: string): number | false => {
  if (value === false) return false;
  const seconds =
    typeof value === "number" || typeof value === "string" ? toSignedSeconds(value) : undefined;
  if (seconds === undefined) {
    throw new ConfigurationError(`${name}: expected a duration or false, got ${shapeOf(value)}`);
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
  // The configured lifetimes were checked non-negative; only a per-call one may be negative.
  const expires = lifetime(
    call.expiresDelta ??
      (type === "access" ? options.accessTokenExpires : options.refreshTokenExpires),
    "expiresDelta",
  );
  const claims: Record<string, unknown> = {
    fresh: typeof fresh === "boolean" ? fresh : now + (lifetime(fresh, "fresh") as number),
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
