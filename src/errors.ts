import type { TokenLocation } from "./config/option-values.ts";
import type { DecodedJwt } from "./token/payload.ts";

/**
 * What each failure answers by default, in one place: its HTTP status, the message it has
 * when the code that throws it gives none, and which loader of the Python library may
 * replace the answer (`message` loaders receive the error's message, `token` loaders the
 * token it is about; `null`: no loader answers it). A 401 about the `Authorization` header
 * carries an RFC 6750 challenge: bare for a missing token, `error="invalid_token"` else.
 * `answered: false` marks the application's own mistakes, which go to its framework's
 * error handling instead of the client.
 */
export const ERROR_ANSWERS = {
  CONFIGURATION: { status: 500, answered: false, loader: null },
  MISSING_GUARD: { status: 500, answered: false, loader: null },
  NO_AUTHORIZATION: {
    status: 401,
    answered: true,
    loader: { message: "unauthorized" },
    challenge: "bare",
  },
  CSRF: { status: 401, answered: true, loader: { message: "unauthorized" } },
  INVALID_HEADER: { status: 422, answered: true, loader: { message: "invalidToken" } },
  INVALID_QUERY_PARAM: { status: 422, answered: true, loader: { message: "invalidToken" } },
  // Not a token failure: no loader of the contract answers it.
  PAYLOAD_TOO_LARGE: { status: 413, answered: true, loader: null },
  DECODE: { status: 422, answered: true, loader: { message: "invalidToken" } },
  EXPIRED: {
    status: 401,
    answered: true,
    message: "Token has expired",
    loader: { token: "expiredToken" },
  },
  WRONG_TOKEN_TYPE: { status: 422, answered: true, loader: { message: "invalidToken" } },
  FRESH_TOKEN_REQUIRED: {
    status: 401,
    answered: true,
    message: "Fresh token required",
    loader: { token: "needsFreshToken" },
  },
  REVOKED: {
    status: 401,
    answered: true,
    message: "Token has been revoked",
    loader: { token: "revokedToken" },
  },
  USER_CLAIMS_VERIFICATION: {
    status: 400,
    answered: true,
    message: "User claims verification failed",
    loader: { token: "tokenVerificationFailed" },
  },
  USER_LOOKUP: { status: 401, answered: true, loader: { token: "userLookupError" } },
  // No loader of the contract answers it; Retry-After tells clients the outage is brief.
  STORE_UNAVAILABLE: {
    status: 503,
    answered: true,
    message: "Token revocation store unavailable",
    loader: null,
    headers: { "Retry-After": "1" },
  },
} as const satisfies Record<string, ErrorAnswer>;

/** One row of {@link ERROR_ANSWERS}. */
export interface ErrorAnswer {
  readonly status: number;
  /** Whether the client caused it, so that a loader (or the default JSON) answers it. */
  readonly answered: boolean;
  /** The message when the thrower gives none. */
  readonly message?: string;
  readonly loader:
    | { readonly message: "unauthorized" | "invalidToken" }
    | {
        readonly token:
          | "expiredToken"
          | "needsFreshToken"
          | "revokedToken"
          | "tokenVerificationFailed"
          | "userLookupError";
      }
    | null;
  /** `"bare"`: the challenge names no error (nothing was presented). */
  readonly challenge?: "bare";
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Every failure the library reports, each a stable code paired with exactly one class (see
 * {@link JwtExtendedErrorUnion}), so that `switch (error.code)` narrows.
 */
export type JwtErrorCode = keyof typeof ERROR_ANSWERS;

/**
 * Base class of every error this library throws: a stable `code`, the HTTP `status` the
 * contract gives it, and a message that never contains a token or a secret. Narrow a caught
 * value with {@link isJwtExtendedError} to switch on its code.
 */
export abstract class JwtExtendedError<Code extends JwtErrorCode = JwtErrorCode> extends Error {
  readonly code: Code;
  readonly status: number;
  /**
   * The token the failure is about, once its signature was verified (expired, revoked,
   * not fresh, refused claims, unknown user): what the loaders of those failures receive.
   */
  jwt?: DecodedJwt;
  /**
   * Where the token this failure is about was found; for a missing token, `"headers"` when
   * the header was among the places searched. A 401 about the header carries an RFC 6750
   * `WWW-Authenticate: Bearer` challenge.
   */
  location?: TokenLocation;

  protected constructor(code: Code, message?: string) {
    const answer: ErrorAnswer = ERROR_ANSWERS[code];
    super(message ?? answer.message ?? code);
    this.name = new.target.name;
    this.code = code;
    this.status = answer.status;
  }
}

/**
 * A bad option or argument given to the library (`new JwtManager(...)`, a store, a per-call
 * option): the application's mistake, thrown where it is made, never answered to a client.
 */
export class ConfigurationError extends JwtExtendedError<"CONFIGURATION"> {
  constructor(message: string) {
    super("CONFIGURATION", message);
  }
}

/**
 * A helper that needs a verified request (an accessor, `refresh`) ran where no check
 * verified one: a mistake in the application's routes, so no loader answers it and it goes
 * to the framework's error handling (a 500).
 *
 * @example
 * app.post("/refresh", refresh); // throws MissingGuardError: no jwtRequired({ refresh: true })
 */
export class MissingGuardError extends JwtExtendedError<"MISSING_GUARD"> {
  constructor(message: string) {
    super("MISSING_GUARD", message);
  }
}

/** No token in any allowed location (401). */
export class NoAuthorizationError extends JwtExtendedError<"NO_AUTHORIZATION"> {
  constructor(message: string) {
    super("NO_AUTHORIZATION", message);
  }
}

/** Missing or mismatching double-submit CSRF value (401). */
export class CsrfError extends JwtExtendedError<"CSRF"> {
  constructor(message: string) {
    super("CSRF", message);
  }
}

/** A malformed authorization header (422). */
export class InvalidHeaderError extends JwtExtendedError<"INVALID_HEADER"> {
  constructor(message: string) {
    super("INVALID_HEADER", message);
  }
}

/** A query-string value without the configured prefix (422). */
export class InvalidQueryParamError extends JwtExtendedError<"INVALID_QUERY_PARAM"> {
  constructor(message: string) {
    super("INVALID_QUERY_PARAM", message);
  }
}

/** A token that does not decode or verify (422). */
export class JwtDecodeError extends JwtExtendedError<"DECODE"> {
  constructor(message: string) {
    super("DECODE", message);
  }
}

/** A body larger than `bodyLimit` where the json location would read the token (413). */
export class PayloadTooLargeError extends JwtExtendedError<"PAYLOAD_TOO_LARGE"> {
  constructor(limit: number) {
    super("PAYLOAD_TOO_LARGE", `Request body too large: the limit is ${limit} bytes`);
  }
}

/** A token past its `exp` (401). */
export class ExpiredSignatureError extends JwtExtendedError<"EXPIRED"> {
  constructor(message?: string) {
    super("EXPIRED", message);
  }
}

/** An access token on a refresh route, or the reverse (422). */
export class WrongTokenError extends JwtExtendedError<"WRONG_TOKEN_TYPE"> {
  constructor(message: string) {
    super("WRONG_TOKEN_TYPE", message);
  }
}

/** A non-fresh token on a route that requires a fresh one (401). */
export class FreshTokenRequiredError extends JwtExtendedError<"FRESH_TOKEN_REQUIRED"> {
  constructor(message?: string) {
    super("FRESH_TOKEN_REQUIRED", message);
  }
}

/** A token the blocklist loader reports as revoked (401). */
export class RevokedTokenError extends JwtExtendedError<"REVOKED"> {
  constructor(message?: string) {
    super("REVOKED", message);
  }
}

/** The token-verification loader refused the claims (400). */
export class UserClaimsVerificationError extends JwtExtendedError<"USER_CLAIMS_VERIFICATION"> {
  constructor(message?: string) {
    super("USER_CLAIMS_VERIFICATION", message);
  }
}

/** The user-lookup loader found no user for the identity (401). */
export class UserLookupError extends JwtExtendedError<"USER_LOOKUP"> {
  constructor(message: string) {
    super("USER_LOOKUP", message);
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
export class StoreUnavailableError extends JwtExtendedError<"STORE_UNAVAILABLE"> {
  constructor(cause?: unknown, message?: string) {
    super("STORE_UNAVAILABLE", message);
    if (cause !== undefined) this.cause = cause;
  }
}

/**
 * Every error the library throws, as a union discriminated by `code`: `switch (error.code)`
 * narrows to the one class of each code.
 *
 * @example
 * if (isJwtExtendedError(error)) {
 *   switch (error.code) {
 *     case "STORE_UNAVAILABLE": console.error(error.cause); break;
 *     case "REVOKED": audit(error.jwt?.payload.jti); break;
 *   }
 * }
 */
export type JwtExtendedErrorUnion =
  | ConfigurationError
  | MissingGuardError
  | NoAuthorizationError
  | CsrfError
  | InvalidHeaderError
  | InvalidQueryParamError
  | PayloadTooLargeError
  | JwtDecodeError
  | ExpiredSignatureError
  | WrongTokenError
  | FreshTokenRequiredError
  | RevokedTokenError
  | UserClaimsVerificationError
  | UserLookupError
  | StoreUnavailableError;

/**
 * Whether a caught value is one of the library's errors, typed as the union of its classes
 * so that a `switch` on its code narrows.
 *
 * @example
 * catch (error) { if (isJwtExtendedError(error) && error.code === "EXPIRED") ... }
 */
export const isJwtExtendedError = (error: unknown): error is JwtExtendedErrorUnion =>
  error instanceof JwtExtendedError;

/**
 * Whether an error is a failure the client caused, which the loaders answer. Anything else
 * (a bad option, a missing guard, a loader that threw) is the application's, for its
 * framework's error handling.
 */
export const isClientError = (error: unknown): error is JwtExtendedErrorUnion =>
  isJwtExtendedError(error) && ERROR_ANSWERS[error.code].answered;
