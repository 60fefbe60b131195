import { ConfigurationError, JwtExtendedError } from "./errors.ts";
import type { JwtResponse, Loaders } from "./loaders.ts";
import type { JwtHeader, JwtPayload } from "./payload.ts";

/** The verified (or, for expiry, signature-checked) token an error is about. */
export interface ErrorToken {
  header: JwtHeader;
  payload: JwtPayload;
}

/**
 * Whether an error is a failure the client caused, which the loaders answer. Anything else
 * (a bad option, a loader that threw) is the application's, for its framework's error handling.
 */
export const isClientError = (error: unknown): error is JwtExtendedError =>
  error instanceof JwtExtendedError && !(error instanceof ConfigurationError);

/** The default body of every error: `{"msg": "..."}` with the configured key. */
export const errorBody = (key: string, message: string): Record<string, string> => ({
  [key]: message,
});

/**
 * Chooses the loader that answers an error, as the Python library's error handlers do,
 * and returns its response (the loaders' defaults answer the error's own status and message).
 */
export function respondToError(
  error: JwtExtendedError,
  token: ErrorToken | undefined,
  loaders: Partial<Loaders<never, unknown>>,
  messageKey: string,
): JwtResponse | Promise<JwtResponse> {
  const fallback: JwtResponse = {
    status: error.status,
    body: errorBody(messageKey, error.message),
  };
  const withToken = (
    loader: ((h: JwtHeader, p: JwtPayload) => JwtResponse | Promise<JwtResponse>) | undefined,
  ) => (loader && token ? loader(token.header, token.payload) : fallback);
  switch (error.code) {
    case "NO_AUTHORIZATION":
    case "CSRF":
      return loaders.unauthorized ? loaders.unauthorized(error.message) : fallback;
    case "PAYLOAD_TOO_LARGE":
      // Not a token failure: no loader of the contract answers it.
      return fallback;
    case "EXPIRED":
      return withToken(loaders.expiredToken);
    case "FRESH_TOKEN_REQUIRED":
      return withToken(loaders.needsFreshToken);
    case "REVOKED":
      return withToken(loaders.revokedToken);
    case "USER_CLAIMS_VERIFICATION":
      return withToken(loaders.tokenVerificationFailed);
    case "USER_LOOKUP":
      return withToken(loaders.userLookupError);
    case "STORE_UNAVAILABLE":
      // No loader of the contract answers it; Retry-After tells clients the outage is brief.
      return { ...fallback, headers: { "Retry-After": "1" } };
    default:
      return loaders.invalidToken ? loaders.invalidToken(error.message) : fallback;
  }
}

/** A {@link JwtResponse} as it goes on the wire. */
export interface SerializedResponse {
  status: number;
  /** Lower-case names; the loader's own headers win over the JSON content type. */
  headers: Record<string, string>;
  /** `null` for a status that has no body (see {@link hasNoBody}). */
  body: string | null;
}

/**
 * Whether a response of this status carries no body (204, 205, 304: the Fetch standard's
 * "null body status"; a Web `Response` with a body of that status is an error). The route
 * guards answer `OPTIONS` with an empty 204.
 */
export const hasNoBody = (status: number): boolean =>
  status === 204 || status === 205 || status === 304;

/**
 * Serializes a loader's response as JSON, for the adapters whose frameworks would
 * otherwise send a string body as text (Express's `res.json` does the same by itself).
 * A status without a body gets neither a body nor a content type.
 */
export function serializeResponse(response: JwtResponse): SerializedResponse {
  const empty = hasNoBody(response.status);
  const headers: Record<string, string> = empty
    ? {}
    : { "content-type": "application/json; charset=utf-8" };
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    headers[name.toLowerCase()] = value;
  }
  const body = empty ? null : JSON.stringify(response.body ?? null);
  return { status: response.status, headers, body };
}
