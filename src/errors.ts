import type { TokenLocation } from "./options.ts";
import type { JwtHeader, JwtPayload } from "./payload.ts";

/**
 * Every failure the library reports. Each carries a stable `code` (so `switch (err.code)`
 * narrows), the HTTP `status` the contract gives it, and a message that never contains a
 * token or a secret.
 */
export type JwtErrorCode =
  | "CONFIGURATION"
  | "NO_AUTHORIZATION"
  | "CSRF"
  | "INVALID_HEADER"
  | "INVALID_QUERY_PARAM"
  | "PAYLOAD_TOO_LARGE"
  | "DECODE"
  | "EXPIRED"
  | "WRONG_TOKEN_TYPE"
  | "FRESH_TOKEN_REQUIRED"
  | "REVOKED"
  | "USER_CLAIMS_VERIFICATION"
  | "USER_LOOKUP"
  | "STORE_UNAVAILABLE";

/** Base class of every error this library throws. */
export class JwtExtendedError extends Error {
  readonly code: JwtErrorCode;
  readonly status: number;
  /**
   * The token the failure is about, once its signature was verified (expired, revoked,
   * not fresh, refused claims, unknown user): what the loaders of those failures receive.
   */
  jwt?: { header: JwtHeader; payload: JwtPayload };
  /**
   * Where the token this failure is about was found; for a missing token, `"headers"` when
   * the header was among the places searched. A 401 about the header carries an RFC 6750
   * `WWW-Authenticate: Bearer` challenge.
   */
  location?: TokenLocation;

  constructor(code: JwtErrorCode, status: number, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.status = status;
  }
}

/** A bad option given to `new JwtManager(...)`; thrown at construction, never per request. */
export class ConfigurationError extends JwtExtendedError {
  constructor(message: string) {
    super("CONFIGURATION", 500, message);
  }
}

/** No token in any allowed location (401). */
export class NoAuthorizationError extends JwtExtendedError {
  constructor(message: string) {
    super("NO_AUTHORIZATION", 401, message);
  }
}

/** Missing or mismatching double-submit CSRF value (401). */
export class CsrfError extends JwtExtendedError {
  constructor(message: string) {
    super("CSRF", 401, message);
  }
}

/** A malformed authorization header (422). */
export class InvalidHeaderError extends JwtExtendedError {
  constructor(message: string) {
    super("INVALID_HEADER", 422, message);
  }
}

/** A query-string value without the configured prefix (422). */
export class InvalidQueryParamError extends JwtExtendedError {
  constructor(message: string) {
    super("INVALID_QUERY_PARAM", 422, message);
  }
}

/** A token that does not decode or verify (422). */
export class JwtDecodeError extends JwtExtendedError {
  constructor(message: string) {
    super("DECODE", 422, message);
  }
}

/** A body larger than `bodyLimit` where the json location would read the token (413). */
export class PayloadTooLargeError extends JwtExtendedError {
  constructor(limit: number) {
    super("PAYLOAD_TOO_LARGE", 413, `Request body too large: the limit is ${limit} bytes`);
  }
}

/** A token past its `exp` (401). */
export class ExpiredSignatureError extends JwtExtendedError {
  constructor(message = "Token has expired") {
    super("EXPIRED", 401, message);
  }
}

/** An access token on a refresh route, or the reverse (422). */
export class WrongTokenError extends JwtExtendedError {
  constructor(message: string) {
    super("WRONG_TOKEN_TYPE", 422, message);
  }
}

/** A non-fresh token on a route that requires a fresh one (401). */
export class FreshTokenRequiredError extends JwtExtendedError {
  constructor(message = "Fresh token required") {
    super("FRESH_TOKEN_REQUIRED", 401, message);
  }
}

/** A token the blocklist loader reports as revoked (401). */
export class RevokedTokenError extends JwtExtendedError {
  constructor(message = "Token has been revoked") {
    super("REVOKED", 401, message);
  }
}

/** The token-verification loader refused the claims (400). */
export class UserClaimsVerificationError extends JwtExtendedError {
  constructor(message = "User claims verification failed") {
    super("USER_CLAIMS_VERIFICATION", 400, message);
  }
}

/** The user-lookup loader found no user for the identity (401). */
export class UserLookupError extends JwtExtendedError {
  constructor(message: string) {
    super("USER_LOOKUP", 401, message);
  }
}

/**
 * The revocation store did not answer in time, or failed (503). Protected routes fail
 * closed: a token that cannot be checked is not let through. The store's own error is kept
 * as `cause` for logs; the message sent to the client names nothing of it.
 *
 * @example
 * app.use((error, _req, res, next) => {
 *   if (error instanceof StoreUnavailableError) console.error("revocation store down:", error.cause);
 *   next(error);
 * });
 */
export class StoreUnavailableError extends JwtExtendedError {
  constructor(cause?: unknown, message = "Token revocation store unavailable") {
    super("STORE_UNAVAILABLE", 503, message);
    if (cause !== undefined) this.cause = cause;
  }
}
