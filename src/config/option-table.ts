import { KINDS, type OptionKind } from "./option-kinds.ts";

/**
 * One option: its kind (type, parser and checks) and its default. `resolve` applies both
 * to the value a user gave, `undefined` when none.
 */
export interface OptionEntry<Input, Resolved> {
  readonly kind: OptionKind<Input, unknown>;
  /** The value used when none is given; `undefined` for the keys, which have none. */
  readonly default: Input | undefined;
  readonly resolve: (name: string, value: unknown) => Resolved;
}

/** An option with a default, which the kind checks like any given value. */
const option = <Input, Resolved>(
  kind: OptionKind<Input, Resolved>,
  fallback: NoInfer<Input>,
): OptionEntry<Input, Resolved> => ({
  kind,
  default: fallback,
  resolve: (name, value) => kind.resolve(name, value === undefined ? fallback : value),
});

/** An option without a default: it resolves to `undefined` when not given. */
const unset = <Input, Resolved>(
  kind: OptionKind<Input, Resolved>,
): OptionEntry<Input, Resolved | undefined> => ({
  kind,
  default: undefined,
  resolve: (name, value) => (value === undefined ? undefined : kind.resolve(name, value)),
});

/**
 * Every option of a `JwtManager`, declared once: the comment is the option's documentation
 * (in the editor, and the README's configuration table is generated from it), the kind is
 * its type, parser and checks, and the second argument its default. The `JWT_*` name is
 * the option's name in SCREAMING_SNAKE_CASE. The defaults are the Python library's, plus
 * `bodyLimit` (which it leaves to Flask) and the options of the revocation store, key
 * rotation and refresh (which it leaves to the application). Rules that tie two options
 * together are in cross-option-rules.ts.
 */
export const OPTION_TABLE = {
  /** Where tokens are looked for, in order. @default ["headers"] */
  tokenLocation: option(KINDS.locations, ["headers"]),
  /** The HMAC secret; required for HS* algorithms unless key loaders are set. @default none */
  secretKey: unset(KINDS.key),
  /** The private key for asymmetric algorithms (signing). @default none */
  privateKey: unset(KINDS.key),
  /** The public key for asymmetric algorithms (verification). @default none */
  publicKey: unset(KINDS.key),
  /** The algorithm tokens are signed with. @default "HS256" */
  algorithm: option(KINDS.algorithm, "HS256"),
  /** Further algorithms accepted when decoding; `algorithm` always is. @default [] */
  decodeAlgorithms: option(KINDS.algorithms, []),
  /** Lifetime of access tokens, in seconds or as a duration text (`"15m"`); `false` never expires. @default 900 */
  accessTokenExpires: option(KINDS.expiry, 15 * 60),
  /** Lifetime of refresh tokens (30 days); `false` never expires. @default 2592000 */
  refreshTokenExpires: option(KINDS.expiry, 30 * 24 * 60 * 60),
  /** The claim that holds the identity. @default "sub" */
  identityClaim: option(KINDS.name, "sub"),
  /** The key of the message in JSON error responses. @default "msg" */
  errorMessageKey: option(KINDS.name, "msg"),
  /** The header that carries the token. @default "Authorization" */
  headerName: option(KINDS.name, "Authorization"),
  /** The scheme before the token in that header; may be empty. @default "Bearer" */
  headerType: option(KINDS.text, "Bearer"),
  /** The query parameter that carries the token. @default "jwt" */
  queryStringName: option(KINDS.name, "jwt"),
  /** A prefix the query value must start with. @default "" */
  queryStringValuePrefix: option(KINDS.text, ""),
  /** The JSON body key of access tokens. @default "access_token" */
  jsonKey: option(KINDS.name, "access_token"),
  /** The JSON body key of refresh tokens. @default "refresh_token" */
  refreshJsonKey: option(KINDS.name, "refresh_token"),
  /** The name of the access token cookie. @default "access_token_cookie" */
  accessCookieName: option(KINDS.name, "access_token_cookie"),
  /** The name of the refresh token cookie. @default "refresh_token_cookie" */
  refreshCookieName: option(KINDS.name, "refresh_token_cookie"),
  /** The `Path` of the access token cookie. @default "/" */
  accessCookiePath: option(KINDS.name, "/"),
  /** The `Path` of the refresh token cookie. @default "/" */
  refreshCookiePath: option(KINDS.name, "/"),
  /** The `Domain` attribute of every cookie written; `null` leaves it out. @default null */
  cookieDomain: option(KINDS.nullableText, null),
  /** Writes cookies with the `Secure` attribute. @default false */
  cookieSecure: option(KINDS.boolean, false),
  /** The `SameSite` attribute of every cookie written; `null` leaves it out. @default null */
  cookieSamesite: option(KINDS.sameSite, null),
  /** `true`: session cookies (no Max-Age); `false`: Max-Age of 31540000 seconds. @default true */
  sessionCookie: option(KINDS.boolean, true),
  /** Double-submit CSRF protection for cookie tokens. @default true */
  cookieCsrfProtect: option(KINDS.boolean, true),
  /** The methods that must carry the CSRF value. @default ["POST","PUT","PATCH","DELETE"] */
  csrfMethods: option(KINDS.methods, ["POST", "PUT", "PATCH", "DELETE"]),
  /** Writes the CSRF value in a cookie readable by JavaScript. @default true */
  csrfInCookies: option(KINDS.boolean, true),
  /** Also accepts the CSRF value from a form field of urlencoded or multipart bodies. @default false */
  csrfCheckForm: option(KINDS.boolean, false),
  /** The name of the access token's CSRF cookie. @default "csrf_access_token" */
  accessCsrfCookieName: option(KINDS.name, "csrf_access_token"),
  /** The name of the refresh token's CSRF cookie. @default "csrf_refresh_token" */
  refreshCsrfCookieName: option(KINDS.name, "csrf_refresh_token"),
  /** The `Path` of the access token's CSRF cookie. @default "/" */
  accessCsrfCookiePath: option(KINDS.name, "/"),
  /** The `Path` of the refresh token's CSRF cookie. @default "/" */
  refreshCsrfCookiePath: option(KINDS.name, "/"),
  /** The header that carries the CSRF value of access tokens. @default "X-CSRF-TOKEN" */
  accessCsrfHeaderName: option(KINDS.name, "X-CSRF-TOKEN"),
  /** The header that carries the CSRF value of refresh tokens. @default "X-CSRF-TOKEN" */
  refreshCsrfHeaderName: option(KINDS.name, "X-CSRF-TOKEN"),
  /** The form field that carries the CSRF value of access tokens (`csrfCheckForm`). @default "csrf_token" */
  accessCsrfFieldName: option(KINDS.name, "csrf_token"),
  /** The form field that carries the CSRF value of refresh tokens (`csrfCheckForm`). @default "csrf_token" */
  refreshCsrfFieldName: option(KINDS.name, "csrf_token"),
  /** The audience(s) a decoded token must name; `null`: not checked. @default null */
  decodeAudience: option(KINDS.audienceList, null),
  /** The `aud` claim written into new tokens; `null`: none. @default null */
  encodeAudience: option(KINDS.audience, null),
  /** The issuer a decoded token must name; `null`: not checked. @default null */
  decodeIssuer: option(KINDS.nullableText, null),
  /** The `iss` claim written into new tokens; `null`: none. @default null */
  encodeIssuer: option(KINDS.nullableText, null),
  /**
   * The `kid` header written into new tokens, naming the configured signing key; the
   * configured verification key then answers to this id too. `null`: no `kid`
   * (see SECURITY.md). @default null
   */
  encodeKeyId: option(KINDS.nullableText, null),
  /**
   * Further verification keys selected by the token's `kid`, as `[{ kid, key, algorithm? }]`:
   * the previous keys of a rotation. An entry's `algorithm` binds its key to that one alone,
   * so keys of different types can take turns (RS256 to ES256). When tokens name their keys
   * (this list, `encodeKeyId` or `jwksUrl` is set), a token with an unknown `kid` is refused.
   * @default []
   */
  decodeKeys: option(KINDS.keys, []),
  /**
   * A remote JWK Set (https, or http to a loopback host) whose keys verify tokens by
   * `kid`. The whole set is fetched and cached; a key the latest set lacks is refused, and
   * an unreachable set fails closed (see SECURITY.md). @default null
   */
  jwksUrl: option(KINDS.url, null),
  /**
   * Seconds a set fetched from `jwksUrl` is used; then it is fetched again, and a key
   * removed from it is refused from then on. @default 600
   */
  jwksCacheTtl: option(KINDS.seconds, 600),
  /**
   * Least seconds between two fetches of `jwksUrl` (for a `kid` the set lacks, or after a
   * failed fetch), whatever requests arrive; only an expired set is fetched sooner.
   * @default 30
   */
  jwksRefetchInterval: option(KINDS.seconds, 30),
  /**
   * Seconds past `jwksCacheTtl` the last set fetched may still verify tokens while every
   * fetch of `jwksUrl` fails; `0` refuses tokens as soon as the set expires unrefreshed
   * (fail closed). @default 0
   */
  jwksStaleIfError: option(KINDS.seconds, 0),
  /** The largest token accepted, in bytes; larger ones are refused before decoding. @default 8192 */
  maxTokenSize: option(KINDS.bytes, 8 * 1024),
  /**
   * The status of a present but invalid token (bad form, signature, claims or type): the
   * Python library's 422, or 401 as RFC 6750 has it. @default 422
   */
  invalidTokenStatus: option(KINDS.status, 422),
  /**
   * Refuses cookie-authenticated requests with a method of `csrfMethods` whose
   * `Sec-Fetch-Site` is `cross-site` or, without it, whose `Origin` is another host: a
   * defence in depth beside the double-submit check. @default false
   */
  csrfRefuseCrossSite: option(KINDS.boolean, false),
  /** Seconds of leeway for `exp` and `nbf`. @default 0 */
  decodeLeeway: option(KINDS.seconds, 0),
  /** Writes an `nbf` claim into new tokens. @default true */
  encodeNbf: option(KINDS.boolean, true),
  /** Refuses tokens whose `sub` claim is present but not a string. @default true */
  verifySub: option(KINDS.boolean, true),
  /** The largest JSON body read for the json location and the CSRF form field, in bytes. @default 102400 */
  bodyLimit: option(KINDS.bytes, 100 * 1024),
  /**
   * Refresh-token rotation: every refresh answers a new refresh token too, and a refresh
   * token presented a second time revokes its whole family (every token of that login).
   * Needs a store; an in-memory one is made when none is given (see
   * docs/refreshing-tokens.md). @default false
   */
  refreshRotation: option(KINDS.boolean, false),
  /**
   * Seconds during which a rotated refresh token is accepted again, for concurrent
   * refreshes of one client (two tabs); a reuse later than this revokes the family. @default 5
   */
  refreshRotationGrace: option(KINDS.seconds, 5),
  /**
   * Implicit refresh for cookie users: when the access token of a request expires within
   * this duration (e.g. `1800` seconds), a successful response sets a new access cookie.
   * `false` turns it off. @default false
   */
  implicitRefreshWindow: option(KINDS.expiry, false),
  /**
   * Seconds a revocation store may take to answer before the request fails with 503 (see
   * docs/revocation.md). @default 1
   */
  storeTimeout: option(KINDS.seconds, 1),
} as const satisfies { readonly [name: string]: OptionEntry<unknown, unknown> };

type OptionTable = typeof OPTION_TABLE;

/** The name of an option, as `JwtManager` takes it. */
export type OptionName = keyof OptionTable;

type InputOf<Entry> = Entry extends OptionEntry<infer Input, unknown> ? Input : never;

/** What a user may give for each option. */
type OptionInputs = { -readonly [Name in keyof OptionTable]: InputOf<OptionTable[Name]> };

/**
 * Everything a `JwtManager` can be configured with. Every field is optional and defaults to
 * the Python library's value; the `JWT_*` name of each is the field in SCREAMING_SNAKE_CASE
 * (see {@link optionsFromEnv}).
 */
export type JwtOptions = { [Name in keyof OptionInputs]?: OptionInputs[Name] };

/** The options with every default applied and every value checked; read-only. */
export type ResolvedOptions = {
  readonly [Name in keyof OptionTable]: ReturnType<OptionTable[Name]["resolve"]>;
};

/** The table seen option by option, so that a generic name keeps its own types. */
export const OPTIONS_BY_NAME: {
  readonly [Name in OptionName]: OptionEntry<OptionInputs[Name], ResolvedOptions[Name]>;
} = OPTION_TABLE;

/** Every option name, in the table's order (the order options are checked in). */
export const OPTION_NAMES: readonly OptionName[] = namesOf(OPTION_TABLE);

function namesOf<Table extends object>(table: Table): (keyof Table)[] {
  const names: (keyof Table)[] = [];
  for (const name in table) names.push(name);
  return names;
}

/** The defaults of the options that have one, as a `JwtOptions` record. */
export const DEFAULT_OPTIONS: Readonly<JwtOptions> = Object.freeze(
  OPTION_NAMES.reduce<JwtOptions>((defaults, name) => withDefault(defaults, name), {}),
);

function withDefault<Name extends OptionName>(defaults: JwtOptions, name: Name): JwtOptions {
  const value = OPTIONS_BY_NAME[name].default;
  if (value !== undefined) defaults[name] = value;
  return defaults;
}
