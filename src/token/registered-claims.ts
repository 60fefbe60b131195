import type { ResolvedOptions } from "../config/option-table.ts";
import { ExpiredSignatureError, JwtDecodeError } from "../errors.ts";
import { isFalsyInPython } from "../request/python-truth.ts";
import type { JwtPayload } from "./payload.ts";

/**
 * The registered claims of a token whose signature verified, checked as PyJWT checks them
 * for flask-jwt-extended: `iat`, `nbf`, `exp`, then `iss` and `aud`, in that order, with
 * PyJWT's messages, so that a client or a Python service reading `msg` sees the same text
 * from either library. Only what the two do differently is ours:
 *
 * - a NumericDate must be a finite JSON number (RFC 7519 §2): PyJWT also takes a numeric
 *   string, and fails with a 500 on `null` or an array;
 * - `exp` and `nbf` are compared in milliseconds (`exp` accepted up to `exp × 1000` ms
 *   inclusive), as the verified-token cache and the stores' expiries count them.
 */

/** PyJWT's message for each NumericDate claim that is not a number. */
const NOT_A_DATE = {
  iat: "Issued At claim (iat) must be an integer.",
  nbf: "Not Before claim (nbf) must be an integer.",
  exp: "Expiration Time claim (exp) must be an integer.",
} as const;

/** PyJWT's `MissingRequiredClaimError`. */
const missing = (claim: string): JwtDecodeError =>
  new JwtDecodeError(`Token is missing the "${claim}" claim`);

/** The claim's NumericDate, or undefined when absent; throws when it is not a number. */
function dateClaim(payload: JwtPayload, claim: keyof typeof NOT_A_DATE): number | undefined {
  if (!Object.hasOwn(payload, claim)) return undefined;
  const value = payload[claim];
  // `1e400` parses as Infinity, which is no date either.
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new JwtDecodeError(NOT_A_DATE[claim]);
  }
  return value;
}

function checkAudience(payload: JwtPayload, audience: readonly string[]): void {
  const claim: unknown = payload.aud;
  // PyJWT reads an audience that Python deems false ("", [], null, 0...) as none.
  if (isFalsyInPython(claim)) throw missing("aud");
  const values: unknown[] = Array.isArray(claim) ? claim : [claim];
  if (!values.every((value) => typeof value === "string")) {
    throw new JwtDecodeError("Invalid claim format in token");
  }
  if (!audience.some((wanted) => values.includes(wanted))) {
    throw new JwtDecodeError("Invalid audience");
  }
}

/**
 * Throws the contract's error for the first registered claim that fails: an expired token
 * is an {@link ExpiredSignatureError} (401), anything else a `JwtDecodeError` (422).
 * `allowExpired` skips the `exp` comparison (not its type). Times are read from `Date.now()`.
 */
export function checkRegisteredClaims(
  payload: JwtPayload,
  options: Pick<ResolvedOptions, "decodeLeeway" | "decodeAudience" | "decodeIssuer">,
  allowExpired: boolean,
): void {
  const now = Date.now();
  const leewayMs = options.decodeLeeway * 1000;
  const iat = dateClaim(payload, "iat");
  // A token issued in the future was minted by a skewed or forged clock: PyJWT refuses it
  // beyond the leeway, against whole seconds as it counts them.
  if (iat !== undefined && iat > Math.floor(now / 1000) + options.decodeLeeway) {
    throw new JwtDecodeError("The token is not yet valid (iat)");
  }
  const nbf = dateClaim(payload, "nbf");
  if (nbf !== undefined && now < nbf * 1000 - leewayMs) {
    throw new JwtDecodeError("The token is not yet valid (nbf)");
  }
  const exp = dateClaim(payload, "exp");
  if (exp !== undefined && !allowExpired && now > exp * 1000 + leewayMs) {
    throw new ExpiredSignatureError();
  }
  const issuer = options.decodeIssuer;
  if (issuer !== null) {
    if (!Object.hasOwn(payload, "iss")) throw missing("iss");
    if (payload.iss !== issuer) throw new JwtDecodeError("Invalid issuer");
  }
  if (options.decodeAudience !== null) checkAudience(payload, options.decodeAudience);
}
