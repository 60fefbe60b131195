import type { JsonWebKey, KeyObject } from "node:crypto";
import type { Duration } from "./durations.ts";

/** Where a token may be read from, in the names of the Python library. */
export type TokenLocation = "headers" | "cookies" | "query_string" | "json";

/** The signing algorithms this library accepts. `none` is never one of them. */
export type Algorithm =
  | "HS256"
  | "HS384"
  | "HS512"
  | "RS256"
  | "RS384"
  | "RS512"
  | "PS256"
  | "PS384"
  | "PS512"
  | "ES256"
  | "ES384"
  | "ES512"
  | "EdDSA";

/**
 * A key as PEM text, raw bytes, a Node.js `KeyObject` or a JSON Web Key. Every key becomes a
 * `KeyObject` bound to one algorithm when the manager is built.
 */
export type KeyInput = string | Buffer | KeyObject | JsonWebKey;

/**
 * A verification key that tokens name by their `kid` header, for key rotation.
 *
 * @example
 * const previous: KeySpec = { kid: "2025-01", key: oldPublicKeyPem, algorithm: "RS256" };
 */
export interface KeySpec {
  /** The `kid` header of the tokens this key verifies. */
  readonly kid: string;
  /** A secret for HS* algorithms, else a public key. */
  readonly key: KeyInput;
  /**
   * The one algorithm this key serves, listed in `decodeAlgorithms` or not: a token naming
   * this `kid` must carry this `alg`. Without it, the key serves each algorithm of
   * `decodeAlgorithms` it fits (at least one).
   */
  readonly algorithm?: Algorithm;
}

/** The status of tokens that are present but invalid (the contract's 422, or 401). */
export type InvalidTokenStatus = 401 | 422;

/** The `SameSite` cookie attribute; `null` leaves the attribute out. */
export type SameSite = "Strict" | "Lax" | "None" | null;

/**
 * Everything a `JwtManager` can be configured with. Every field is optional and defaults to
 * the Python library's value; the `JWT_*` name of each is the field in SCREAMING_SNAKE_CASE
 * (see {@link optionsFromEnv}).
 */
export interface JwtOptions {
  /** Where tokens are looked for, in order. @default ["headers"] */
  tokenLocation?: TokenLocation | readonly TokenLocation[];
  /** The HMAC secret; required for HS* algorithms unless key loaders are set. */
  secretKey?: KeyInput;
  /** The private key for asymmetric algorithms (signing). */
  privateKey?: KeyInput;
  /** The public key for asymmetric algorithms (verification). */
  publicKey?: KeyInput;
  /** The algorithm tokens are signed with. @default "HS256" */
  algorithm?: Algorithm;
  /** The algorithms accepted when decoding; always includes `algorithm`. @default [algorithm] */
  decodeAlgorithms?: readonly Algorithm[];
  /** Lifetime of access tokens, in seconds or as a duration text; `false` never expires. @default 900 */
  accessTokenExpires?: Duration | false;
  /** Lifetime of refresh tokens; `false` never expires. @default 2592000 (30 days) */
  refreshTokenExpires?: Duration | false;
  /** The claim that holds the identity. @default "sub" */
  identityClaim?: string;
  /** The key of the message in JSON error responses. @default "msg" */
  errorMessageKey?: string;
  /** The header that carries the token. @default "Authorization" */
  headerName?: string;
  /** The scheme before the token in that header; may be empty. @default "Bearer" */
  headerType?: string;
  /** The query parameter that carries the token. @default "jwt" */
  queryStringName?: string;
  /** A prefix the query value must start with. @default "" */
  queryStringValuePrefix?: string;
  /** The JSON body key of access tokens. @default "access_token" */
  jsonKey?: string;
  /** The JSON body key of refresh tokens. @default "refresh_token" */
  refreshJsonKey?: string;
  /** @default "access_token_cookie" */
  accessCookieName?: string;
  /** @default "refresh_token_cookie" */
  refreshCookieName?: string;
  /** @default "/" */
  accessCookiePath?: string;
  /** @default "/" */
  refreshCookiePath?: string;
  /** The `Domain` attribute of every cookie written; none by default. */
  cookieDomain?: string | null;
  /** Writes cookies with the `Secure` attribute. @default false */
  cookieSecure?: boolean;
  /** The `SameSite` attribute of every cookie written. @default null (left out) */
  cookieSamesite?: SameSite;
  /** `true`: session cookies (no Max-Age); `false`: Max-Age of 31540000 seconds. @default true */
  sessionCookie?: boolean;
  /** Double-submit CSRF protection for cookie tokens. @default true */
  cookieCsrfProtect?: boolean;
  /** The methods that must carry the CSRF value. @default ["POST","PUT","PATCH","DELETE"] */
  csrfMethods?: readonly string[];
  /** Writes the CSRF value in a cookie readable by JavaScript. @default true */
  csrfInCookies?: boolean;
  /** Also accepts the CSRF value from a form field of urlencoded or multipart bodies. @default false */
  csrfCheckForm?: boolean;
  /** @default "csrf_access_token" */
  accessCsrfCookieName?: string;
  /** @default "csrf_refresh_token" */
  refreshCsrfCookieName?: string;
  /** @default "/" */
  accessCsrfCookiePath?: string;
  /** @default "/" */
  refreshCsrfCookiePath?: string;
  /** @default "X-CSRF-TOKEN" */
  accessCsrfHeaderName?: string;
  /** @default "X-CSRF-TOKEN" */
  refreshCsrfHeaderName?: string;
  /** @default "csrf_token" */
  accessCsrfFieldName?: string;
  /** @default "csrf_token" */
  refreshCsrfFieldName?: string;
  /** The audience(s) a decoded token must name; not checked by default. */
  decodeAudience?: string | readonly string[] | null;
  /** The `aud` claim written into new tokens; none by default. */
  encodeAudience?: string | readonly string[] | null;
  /** The issuer a decoded token must name; not checked by default. */
  decodeIssuer?: string | null;
  /** The `iss` claim written into new tokens; none by default. */
  encodeIssuer?: string | null;
  /**
   * The `kid` header written into new tokens, naming the configured signing key; the
   * configured verification key then answers to this id too. @default null (no `kid`)
   */
  encodeKeyId?: string | null;
  /**
   * Further verification keys selected by the token's `kid` (the previous keys of a
   * rotation). When tokens name their keys (this list, `encodeKeyId` or `jwksUrl` is set),
   * a token with an unknown `kid` is refused. @default []
   */
  decodeKeys?: readonly KeySpec[];
  /**
   * A remote JWK Set (https, or http to a loopback host) whose keys verify tokens by
   * `kid`. The whole set is fetched and cached; a key the latest set lacks is refused, and
   * an unreachable set fails closed. @default null
   */
  jwksUrl?: string | null;
  /**
   * Seconds a set fetched from `jwksUrl` is used; then it is fetched again, and a key
   * removed from it is refused from then on. @default 600
   */
  jwksCacheTtl?: number;
  /**
   * Least seconds between two fetches of `jwksUrl` (for a `kid` the set lacks, or after a
   * failed fetch), whatever requests arrive; only an expired set is fetched sooner.
   * @default 30
   */
  jwksRefetchInterval?: number;
  /**
   * Seconds past `jwksCacheTtl` the last set fetched may still verify tokens while every
   * fetch of `jwksUrl` fails; `0` refuses tokens as soon as the set expires unrefreshed
   * (fail closed). @default 0
   */
  jwksStaleIfError?: number;
  /** The largest token accepted, in bytes; larger ones are refused before decoding. @default 8192 */
  maxTokenSize?: number;
  /**
   * The status of a present but invalid token (bad form, signature, claims or type): the
   * Python library's 422, or 401 as RFC 6750 has it. @default 422
   */
  invalidTokenStatus?: InvalidTokenStatus;
  /**
   * Refuses cookie-authenticated requests with a method of `csrfMethods` whose
   * `Sec-Fetch-Site` is `cross-site` or, without it, whose `Origin` is another host: a
   * defence in depth beside the double-submit check. @default false
   */
  csrfRefuseCrossSite?: boolean;
  /** Seconds of leeway for `exp` and `nbf`. @default 0 */
  decodeLeeway?: number;
  /** Writes an `nbf` claim into new tokens. @default true */
  encodeNbf?: boolean;
  /** Refuses tokens whose `sub` claim is present but not a string. @default true */
  verifySub?: boolean;
  /** The largest JSON body read for the json location and the CSRF form field, in bytes. @default 102400 */
  bodyLimit?: number;
  /**
   * Refresh-token rotation: every refresh answers a new refresh token too, and a refresh
   * token presented a second time revokes its whole family (every token of that login).
   * Needs a store; an in-memory one is made when none is given. @default false
   */
  refreshRotation?: boolean;
  /**
   * Seconds during which a rotated refresh token is accepted again, for concurrent
   * refreshes of one client (two tabs); a reuse later than this revokes the family. @default 5
   */
  refreshRotationGrace?: number;
  /**
   * Implicit refresh for cookie users: when the access token of a request expires within
   * this duration, a successful response sets a new access cookie. `false` turns it off.
   * @default false
   */
  implicitRefreshWindow?: Duration | false;
  /** Seconds a revocation store may take to answer before the request fails with 503. @default 1 */
  storeTimeout?: number;
}

/** The options with every default applied and every value checked; read-only. */
export interface ResolvedOptions {
  readonly tokenLocation: readonly TokenLocation[];
  readonly secretKey: KeyInput | undefined;
  readonly privateKey: KeyInput | undefined;
  readonly publicKey: KeyInput | undefined;
  readonly algorithm: Algorithm;
  readonly decodeAlgorithms: readonly Algorithm[];
  /** Seconds, or `false` for tokens that never expire. */
  readonly accessTokenExpires: number | false;
  readonly refreshTokenExpires: number | false;
  readonly identityClaim: string;
  readonly errorMessageKey: string;
  readonly headerName: string;
  readonly headerType: string;
  readonly queryStringName: string;
  readonly queryStringValuePrefix: string;
  readonly jsonKey: string;
  readonly refreshJsonKey: string;
  readonly accessCookieName: string;
  readonly refreshCookieName: string;
  readonly accessCookiePath: string;
  readonly refreshCookiePath: string;
  readonly cookieDomain: string | null;
  readonly cookieSecure: boolean;
  readonly cookieSamesite: SameSite;
  readonly sessionCookie: boolean;
  readonly cookieCsrfProtect: boolean;
  /** Upper-case method names. */
  readonly csrfMethods: ReadonlySet<string>;
  readonly csrfInCookies: boolean;
  readonly csrfCheckForm: boolean;
  readonly accessCsrfCookieName: string;
  readonly refreshCsrfCookieName: string;
  readonly accessCsrfCookiePath: string;
  readonly refreshCsrfCookiePath: string;
  readonly accessCsrfHeaderName: string;
  readonly refreshCsrfHeaderName: string;
  readonly accessCsrfFieldName: string;
  readonly refreshCsrfFieldName: string;
  readonly decodeAudience: readonly string[] | null;
  readonly encodeAudience: string | readonly string[] | null;
  readonly decodeIssuer: string | null;
  readonly encodeIssuer: string | null;
  readonly encodeKeyId: string | null;
  readonly decodeKeys: readonly KeySpec[];
  readonly jwksUrl: string | null;
  readonly jwksCacheTtl: number;
  readonly jwksRefetchInterval: number;
  readonly jwksStaleIfError: number;
  readonly maxTokenSize: number;
  readonly invalidTokenStatus: InvalidTokenStatus;
  readonly csrfRefuseCrossSite: boolean;
  readonly decodeLeeway: number;
  readonly encodeNbf: boolean;
  readonly verifySub: boolean;
  readonly bodyLimit: number;
  readonly refreshRotation: boolean;
  readonly refreshRotationGrace: number;
  /** Seconds, or `false` when implicit refresh is off. */
  readonly implicitRefreshWindow: number | false;
  readonly storeTimeout: number;
}

export const ALGORITHMS: readonly Algorithm[] = [
  "HS256",
  "HS384",
  "HS512",
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
];

export const TOKEN_LOCATIONS: readonly TokenLocation[] = [
  "headers",
  "cookies",
  "query_string",
  "json",
];

/**
 * The Python library's defaults, plus `bodyLimit` (which it leaves to Flask) and the
 * options of the revocation store and refresh (which it leaves to the application).
 */
export const DEFAULT_OPTIONS = {
  tokenLocation: ["headers"],
  algorithm: "HS256",
  accessTokenExpires: 15 * 60,
  refreshTokenExpires: 30 * 24 * 60 * 60,
  identityClaim: "sub",
  errorMessageKey: "msg",
  headerName: "Authorization",
  headerType: "Bearer",
  queryStringName: "jwt",
  queryStringValuePrefix: "",
  jsonKey: "access_token",
  refreshJsonKey: "refresh_token",
  accessCookieName: "access_token_cookie",
  refreshCookieName: "refresh_token_cookie",
  accessCookiePath: "/",
  refreshCookiePath: "/",
  cookieDomain: null,
  cookieSecure: false,
  cookieSamesite: null,
  sessionCookie: true,
  cookieCsrfProtect: true,
  csrfMethods: ["POST", "PUT", "PATCH", "DELETE"],
  csrfInCookies: true,
  csrfCheckForm: false,
  accessCsrfCookieName: "csrf_access_token",
  refreshCsrfCookieName: "csrf_refresh_token",
  accessCsrfCookiePath: "/",
  refreshCsrfCookiePath: "/",
  accessCsrfHeaderName: "X-CSRF-TOKEN",
  refreshCsrfHeaderName: "X-CSRF-TOKEN",
  accessCsrfFieldName: "csrf_token",
  refreshCsrfFieldName: "csrf_token",
  decodeAudience: null,
  encodeAudience: null,
  decodeIssuer: null,
  encodeIssuer: null,
  encodeKeyId: null,
  decodeKeys: [],
  jwksUrl: null,
  jwksCacheTtl: 600,
  jwksRefetchInterval: 30,
  jwksStaleIfError: 0,
  maxTokenSize: 8 * 1024,
  invalidTokenStatus: 422,
  csrfRefuseCrossSite: false,
  decodeLeeway: 0,
  encodeNbf: true,
  verifySub: true,
  bodyLimit: 100 * 1024,
  refreshRotation: false,
  refreshRotationGrace: 5,
  implicitRefreshWindow: false,
  storeTimeout: 1,
} as const;

/** Max-Age of persistent cookies (`sessionCookie: false`), as the Python library writes it. */
export const PERSISTENT_COOKIE_MAX_AGE = 31_540_000;
