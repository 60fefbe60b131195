import type { KeyInput } from "./options.ts";
import type { JwtHeader, JwtPayload } from "./payload.ts";

/** What a loader answers instead of the default JSON error. */
export interface JwtResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

type MaybePromise<T> = T | Promise<T>;
type TokenCallback<Result> = (header: JwtHeader, payload: JwtPayload) => MaybePromise<Result>;

/**
 * The fifteen callbacks of the Python library, each sync or async. Every one that answers
 * a failure can replace the default `{"msg": ...}` response.
 */
export interface Loaders<Identity = unknown, User = unknown> {
  /** Turns the identity given to `createAccessToken` into the identity claim's value. */
  userIdentity: (identity: unknown) => MaybePromise<Identity>;
  /** Claims added to every new token (per-call claims win). */
  additionalClaims: (identity: unknown) => MaybePromise<Record<string, unknown>>;
  /** Headers added to every new token (per-call headers win). */
  additionalHeaders: (identity: unknown) => MaybePromise<Record<string, unknown>>;
  /** Loads the user of a verified token; `null`/`undefined` fails the request (401). */
  userLookup: TokenCallback<User | null | undefined>;
  userLookupError: TokenCallback<JwtResponse>;
  /** Returns true for a revoked token (401 `Token has been revoked`). */
  tokenInBlocklist: TokenCallback<boolean>;
  revokedToken: TokenCallback<JwtResponse>;
  expiredToken: TokenCallback<JwtResponse>;
  /** Answers tokens that are malformed, badly signed or of the wrong type (422). */
  invalidToken: (message: string) => MaybePromise<JwtResponse>;
  /** Answers requests without a token, or with a CSRF failure (401). */
  unauthorized: (message: string) => MaybePromise<JwtResponse>;
  needsFreshToken: TokenCallback<JwtResponse>;
  /** Returns false to refuse a token's claims (400). */
  tokenVerification: TokenCallback<boolean>;
  tokenVerificationFailed: TokenCallback<JwtResponse>;
  /** The key to sign a new token with, for this identity. */
  encodeKey: (identity: unknown) => MaybePromise<KeyInput>;
  /** The key to verify a token with, chosen from its unverified header and claims. */
  decodeKey: TokenCallback<KeyInput>;
}

/** The loader names, as the `JwtManager` registration methods take them. */
export type LoaderName = keyof Loaders;
