import type { KeyInput } from "./config/option-values.ts";
import type { JwtHeader, JwtPayload, RevocablePayload, TokenPayload } from "./token/payload.ts";

/** What a loader answers instead of the default JSON error. */
export interface JwtResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** What a loader may return: the value, or a promise of it. */
export type MaybePromise<T> = T | Promise<T>;
type TokenCallback<Claims, Result> = (header: JwtHeader, payload: Claims) => MaybePromise<Result>;

/**
 * The loaders, over the claims each kind of token callback receives: `Verified` for a token
 * that passed verification, `Revocable` for the revocation loaders.
 */
interface LoaderSet<Identity, User, Claims extends object, Verified, Revocable> {
  /** Turns the identity given to `createAccessToken` into the identity claim's value. */
  userIdentity: (identity: unknown) => MaybePromise<Identity>;
  /** Claims added to every new token (per-call claims win); checked against `Claims`. */
  additionalClaims: (identity: unknown) => MaybePromise<Partial<Claims>>;
  /** Headers added to every new token (per-call headers win). */
  additionalHeaders: (identity: unknown) => MaybePromise<Record<string, unknown>>;
  /** Loads the user of a verified token; `null`/`undefined` fails the request (401). */
  userLookup: TokenCallback<Verified, User | null | undefined>;
  userLookupError: TokenCallback<Verified, JwtResponse>;
  /** Returns true for a revoked token (401 `Token has been revoked`). */
  tokenInBlocklist: TokenCallback<Revocable, boolean>;
  revokedToken: TokenCallback<Revocable, JwtResponse>;
  /**
   * Answers an expired token (401). Its signature was verified, but none of the checks
   * after expiry ran: its claims are typed as they were signed, with no defaults applied.
   */
  expiredToken: TokenCallback<JwtPayload, JwtResponse>;
  /** Answers tokens that are malformed, badly signed or of the wrong type (422). */
  invalidToken: (message: string) => MaybePromise<JwtResponse>;
  /** Answers requests without a token, or with a CSRF failure (401). */
  unauthorized: (message: string) => MaybePromise<JwtResponse>;
  needsFreshToken: TokenCallback<Verified, JwtResponse>;
  /** Returns false to refuse a token's claims (400). */
  tokenVerification: TokenCallback<Verified, boolean>;
  tokenVerificationFailed: TokenCallback<Verified, JwtResponse>;
  /** The key to sign a new token with, for this identity. */
  encodeKey: (identity: unknown) => MaybePromise<KeyInput>;
  /**
   * The key to verify a token with, chosen from its header and claims before anything is
   * verified: they are typed as the token carries them, and may be forged.
   */
  decodeKey: TokenCallback<JwtPayload, KeyInput>;
}

/**
 * The fifteen callbacks of the Python library, each sync or async. Every one that answers
 * a failure can replace the default `{"msg": ...}` response. They receive the manager's
 * types: with `new JwtManager<string, User, Claims>()`, a verified token's `payload.sub` is
 * a `string` (see {@link TokenPayload}), the revocation loaders' `payload.jti` a `string`
 * (see {@link RevocablePayload}), and the user-lookup loader must return a `User`.
 *
 * @example
 * const jwt = new JwtManager<string, User>({ secretKey });
 * jwt.userLookupLoader(async (_header, payload) => users.find(payload.sub));
 * jwt.tokenInBlocklistLoader(async (_header, payload) => revoked.has(payload.jti));
 */
export interface Loaders<
  Identity = unknown,
  User = unknown,
  Claims extends object = Record<string, unknown>,
> extends LoaderSet<
    Identity,
    User,
    Claims,
    TokenPayload<Identity, Claims>,
    RevocablePayload<Identity, Claims>
  > {}

/**
 * The loaders as the core calls them, with the claims as decoded: the manager's type
 * parameters describe what verification guarantees, which the core does not restate.
 */
export type CoreLoaders = Partial<
  LoaderSet<unknown, unknown, Record<string, unknown>, JwtPayload, JwtPayload & { jti: string }>
>;

/** The loader names, as the `JwtManager` registration methods take them. */
export type LoaderName = keyof Loaders;
