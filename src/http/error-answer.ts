import type { ResolvedOptions } from "../config/option-table.ts";
import { ERROR_ANSWERS, type ErrorAnswer, type JwtExtendedError } from "../errors.ts";
import type { JwtResponse } from "../loaders.ts";
import type { JwtHeader, JwtPayload } from "../token/payload.ts";

/** An RFC 7235 auth-scheme: a `token` of RFC 9110 §5.6.2. */
const AUTH_SCHEME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

type Answer = JwtResponse | Promise<JwtResponse>;
type Loader = NonNullable<ErrorAnswer["loader"]>;
type MessageLoaderName = Extract<Loader, { message: unknown }>["message"];
type TokenLoaderName = Extract<Loader, { token: unknown }>["token"];

/**
 * The loaders that may answer an error, as the core calls them: with the message, or with
 * the token the error is about, its claims as decoded.
 */
export type ErrorLoaders = Partial<
  Record<MessageLoaderName, (message: string) => Answer> &
    Record<TokenLoaderName, (header: JwtHeader, payload: JwtPayload) => Answer>
>;

/** The default body of every error: `{"msg": "..."}` with the configured key. */
export const errorBody = (key: string, message: string): Record<string, string> => ({
  [key]: message,
});

/** The loader's response, as the Python library's error handlers choose it, or the default. */
function chooseResponse(
  error: JwtExtendedError,
  row: ErrorAnswer,
  loaders: ErrorLoaders,
  options: ResolvedOptions,
): Answer {
  const fallback: JwtResponse = {
    status: row.status,
    body: errorBody(options.errorMessageKey, error.message),
    ...(row.headers === undefined ? {} : { headers: { ...row.headers } }),
  };
  if (row.loader === null) return fallback;
  if ("message" in row.loader) {
    const loader = loaders[row.loader.message];
    if (loader !== undefined) return loader(error.message);
    // Without its loader, an invalid token may answer 401 instead of the contract's 422.
    const invalid = row.loader.message === "invalidToken" && options.invalidTokenStatus === 401;
    return invalid ? { ...fallback, status: 401 } : fallback;
  }
  const loader = loaders[row.loader.token];
  return loader !== undefined && error.jwt !== undefined
    ? loader(error.jwt.header, error.jwt.payload)
    : fallback;
}

/**
 * The answer to a failure the client caused, from the one table of
 * {@link ERROR_ANSWERS}: its loader's response, or `{"msg": ...}` with the code's status.
 * A 401 about the `Authorization` header (a missing token, or one found there) carries an
 * RFC 6750 §3 challenge, `WWW-Authenticate: Bearer`, with `error="invalid_token"` when a
 * token was presented, unless the loader set its own. Nothing of the request is echoed in
 * it: the scheme is the configured one, the error code a constant.
 */
export async function answerError(
  error: JwtExtendedError,
  loaders: ErrorLoaders,
  options: ResolvedOptions,
): Promise<JwtResponse> {
  const row: ErrorAnswer = ERROR_ANSWERS[error.code];
  const response = await chooseResponse(error, row, loaders, options);
  const hasChallenge = Object.keys(response.headers ?? {}).some(
    (name) => name.toLowerCase() === "www-authenticate",
  );
  if (response.status !== 401 || error.location !== "headers" || hasChallenge) return response;
  const scheme = AUTH_SCHEME.test(options.headerType) ? options.headerType : "Bearer";
  const challenge = row.challenge === "bare" ? scheme : `${scheme} error="invalid_token"`;
  return { ...response, headers: { ...response.headers, "WWW-Authenticate": challenge } };
}
