import type { JwtExtendedError } from "./errors.ts";
import type { JwtResponse } from "./loaders.ts";
import type { ResolvedOptions } from "./options.ts";

/** An RFC 7235 auth-scheme: a `token` of RFC 9110 §5.6.2. */
const AUTH_SCHEME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The errors that are about a present but invalid token: the contract's 422s. */
const INVALID_TOKEN_CODES = new Set<string>([
  "DECODE",
  "INVALID_HEADER",
  "INVALID_QUERY_PARAM",
  "WRONG_TOKEN_TYPE",
]);

/**
 * Finishes an error response for the wire, after its loader chose it:
 *
 * - with `invalidTokenStatus: 401`, the default answer to an invalid token is 401 instead
 *   of the contract's 422 (a loader's own response is left alone);
 * - a 401 about the `Authorization` header (a missing token, or one found there) carries
 *   an RFC 6750 §3 challenge, `WWW-Authenticate: Bearer`, with `error="invalid_token"`
 *   when a token was presented. Nothing of the request is echoed in it: the scheme is the
 *   configured one, the error code a constant.
 */
export function finishErrorResponse(
  response: JwtResponse,
  error: JwtExtendedError,
  options: ResolvedOptions,
  hasInvalidTokenLoader: boolean,
): JwtResponse {
  let finished = response;
  if (
    options.invalidTokenStatus === 401 &&
    INVALID_TOKEN_CODES.has(error.code) &&
    !hasInvalidTokenLoader &&
    response.status === 422
  ) {
    finished = { ...finished, status: 401 };
  }
  const hasChallenge = Object.keys(finished.headers ?? {}).some(
    (name) => name.toLowerCase() === "www-authenticate",
  );
  if (finished.status === 401 && error.location === "headers" && !hasChallenge) {
    const scheme = AUTH_SCHEME.test(options.headerType) ? options.headerType : "Bearer";
    const challenge =
      error.code === "NO_AUTHORIZATION" ? scheme : `${scheme} error="invalid_token"`;
    finished = { ...finished, headers: { ...finished.headers, "WWW-Authenticate": challenge } };
  }
  return finished;
}
