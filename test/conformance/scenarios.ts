/**
 * The HTTP conformance table: each scenario is one request to the demo server
 * (`examples/jwt-locations`), started with a `JWT_*` environment, and the answer the
 * behaviour contract requires. `conformance.test.ts` runs the table against every
 * framework in `frameworks`.
 */
import type { DemoFramework } from "../helpers/demo-server.ts";
import { multipartBody } from "../helpers/http.ts";
import {
  DEMO_IDENTITY,
  decodeUnverified,
  fromNow,
  type MintOptions,
  signRaw,
} from "../helpers/tokens.ts";

/** The frameworks the demo is run on; the one place to add "fastify", "hono", "fetch". */
export const frameworks: readonly DemoFramework[] = ["express", "fastify", "hono", "fetch"];

/** The demo's environment: `JWT_*` name → value as it would be written in the shell. */
export type Env = Readonly<Record<string, string>>;

/** Where a scenario's token comes from. */
export type TokenSource =
  /** `POST /login_without_cookies` on the demo under test (a fresh access token, or the refresh token). */
  | { readonly login: "access" | "refresh" }
  /** The access token `POST /refresh` answers for the login's refresh token (not fresh). */
  | { readonly refreshed: true }
  /** Minted by the test with fast-jwt and the demo's secret. */
  | { readonly mint: MintOptions };

export interface Setup {
  /** Becomes `ctx.token` (and its `csrf` claim `ctx.csrf`). */
  readonly token?: TokenSource;
  /** Becomes `ctx.otherToken`. */
  readonly otherToken?: TokenSource;
  /** `POST /login_with_cookies` first; its cookies become `ctx.cookies`. */
  readonly loginWithCookies?: boolean;
}

export interface Ctx {
  /** The setup's token ("" without one). */
  readonly token: string;
  /** The setup's other token ("" without one). */
  readonly otherToken: string;
  /** The `csrf` claim of `token` ("" when it has none). */
  readonly csrf: string;
  /** The cookies set by `POST /login_with_cookies` (empty without that setup). */
  readonly cookies: Readonly<Record<string, string>>;
  /** One of `cookies`; fails the scenario when the login did not set it. */
  cookie(name: string): string;
}

export interface RequestSpec {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent with node:http as given (duplicates allowed, latin1 bytes) instead of fetch. */
  readonly rawHeaders?: ReadonlyArray<readonly [string, string]>;
  /** Sent as one `Cookie` header, values as given. */
  readonly cookies?: Readonly<Record<string, string>>;
  /** A record (each value percent-encoded) or the raw text after `?`. */
  readonly query?: Readonly<Record<string, string>> | string;
  readonly body?: { readonly contentType?: string; readonly raw: string };
}

/** A check of a response body: returns a description of what is wrong, or undefined. */
export interface BodyCheck {
  readonly says: string;
  readonly problem: (body: unknown, ctx: Ctx) => string | undefined;
}

/** A check of a response body as text: returns what is wrong, or undefined. */
export interface TextCheck {
  readonly says: string;
  readonly problem: (text: string) => string | undefined;
}

export type CookieValue =
  | "empty"
  /** A JWT whose payload has this `type` and the demo's identity. */
  | "access-jwt"
  | "refresh-jwt"
  /** The `csrf` claim of the token in the named cookie of the same response. */
  | { readonly csrfOf: string };

export interface CookieExpectation {
  readonly value: CookieValue;
  /** Attributes that must be there (names case-insensitive; `true` for a flag). */
  readonly attributes: Readonly<Record<string, string | true>>;
  /** Attributes that may also be there: with this value, or with any value ("any"). */
  readonly optional?: Readonly<Record<string, string | true>>;
}

export type StatusExpectation =
  | number
  /** Any 4xx. */
  | "4xx"
  /** Not an authentication error: not 401, not 422, not 5xx. */
  | "not-401-or-422"
  /** Anything below 500. */
  | "not-5xx";

export interface Expectation {
  readonly status: StatusExpectation;
  /** The exact JSON body. */
  readonly json?: unknown;
  /** A check of the JSON body (for bodies holding tokens). */
  readonly satisfies?: BodyCheck;
  /** A check of the body as text (any content type). */
  readonly text?: TextCheck;
  /** A check of the Content-Type header. */
  readonly contentType?: RegExp;
  /** Exactly these cookies are set (by name), each as described. */
  readonly setCookies?: Readonly<Record<string, CookieExpectation>>;
}

export interface Scenario {
  readonly name: string;
  readonly env?: Env;
  readonly setup?: Setup;
  readonly request: RequestSpec | ((ctx: Ctx) => RequestSpec);
  readonly expect: Expectation;
}

// ---------------------------------------------------------------------------------------
// Messages of the contract (§3, §4)

const MISSING_HEADER = "Missing Authorization Header";
const MISSING_COOKIE = 'Missing cookie "access_token_cookie"';
const MISSING_REFRESH_COOKIE = 'Missing cookie "refresh_token_cookie"';
const BAD_CONTENT_TYPE = "Invalid content-type. Must be application/json.";
const MISSING_JSON_KEY = 'Missing "access_token" key in json data.';
const MISSING_REFRESH_JSON_KEY = 'Missing "refresh_token" key in json data.';
const MISSING_QUERY = "Missing 'jwt' query paramater";
const MISSING_BEARER =
  "Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'";
const BAD_BEARER_HEADER = "Bad Authorization header. Expected 'Authorization: Bearer <JWT>'";
const MISSING_CSRF = "Missing CSRF token";
const CSRF_MISMATCH = "CSRF double submit tokens do not match";
const MISSING_CSRF_CLAIM = "Missing claim: csrf";
const EXPIRED = "Token has expired";
const ONLY_ACCESS = "Only non-refresh tokens are allowed";
const ONLY_REFRESH = "Only refresh tokens are allowed";
const FRESH_REQUIRED = "Fresh token required";

/** The 401 message when no location yields a token (§3). */
export function missingJwt(reasons: ReadonlyArray<readonly [string, string]>): string {
  if (reasons.length === 1) return reasons[0]![1];
  const names = reasons.map(([location]) => location);
  const start = names.slice(0, -1).join(", ");
  return `Missing JWT in ${start} or ${names.at(-1)} (${reasons.map(([, m]) => m).join("; ")})`;
}

/** The message for the demo's four default locations, with each reason overridable. */
function missingAll(
  reasons: { headers?: string; cookies?: string; json?: string; query_string?: string } = {},
): string {
  return missingJwt([
    ["headers", reasons.headers ?? MISSING_HEADER],
    ["cookies", reasons.cookies ?? MISSING_COOKIE],
    ["json", reasons.json ?? BAD_CONTENT_TYPE],
    ["query_string", reasons.query_string ?? MISSING_QUERY],
  ]);
}

// ---------------------------------------------------------------------------------------
// Expectation and request builders

const ok = (json: unknown): Expectation => ({ status: 200, json });
const error = (status: number, msg: string, key = "msg"): Expectation => ({
  status,
  json: { [key]: msg },
});

/** An error body `{"<key>": "<any message>"}` and nothing else. */
const errorBody = (key = "msg"): BodyCheck => ({
  says: `a JSON error {"${key}": <string>} and nothing else`,
  problem: (body) => {
    if (!isRecord(body)) return "not a JSON object";
    const keys = Object.keys(body);
    if (keys.length !== 1 || keys[0] !== key) return `keys ${JSON.stringify(keys)}`;
    return typeof body[key] === "string" && body[key] !== "" ? undefined : "not a message";
  },
});

/** A failure with the given status (or any 4xx) whose message the contract leaves open. */
const anyError = (status: number | "4xx", key = "msg"): Expectation => ({
  status,
  satisfies: errorBody(key),
});

/** Any JSON object. */
const jsonObject: BodyCheck = {
  says: "a JSON object",
  problem: (body) => (isRecord(body) ? undefined : "not a JSON object"),
};

/**
 * No JWT error: the demo's routing answers OPTIONS before any guard (a guard that does see
 * OPTIONS answers an empty 204, see test/http/options-requests.test.ts).
 */
const noJwtError: Expectation = {
  status: "not-401-or-422",
  text: {
    says: "no JWT error",
    problem: (text) => {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return undefined;
      }
      return isRecord(body) && "msg" in body ? `an error ${text}` : undefined;
    },
  },
};

const bearer = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });
const json = (value: unknown): { contentType: string; raw: string } => ({
  contentType: "application/json",
  raw: JSON.stringify(value),
});
const jsonRaw = (raw: string, contentType = "application/json") => ({ contentType, raw });
const form = (fields: Record<string, string>) => ({
  contentType: "application/x-www-form-urlencoded",
  raw: new URLSearchParams(fields).toString(),
});

// Token sources
const LOGIN_ACCESS: TokenSource = { login: "access" };
const LOGIN_REFRESH: TokenSource = { login: "refresh" };
const REFRESHED: TokenSource = { refreshed: true };
const mint = (claims: MintOptions["claims"] = {}, options: Omit<MintOptions, "claims"> = {}) =>
  ({ mint: { claims, ...options } }) as const;
const EXPIRED_TOKEN = mint({ iat: fromNow(-3600), nbf: fromNow(-3600), exp: fromNow(-60) });
const REFRESH_TOKEN = mint({ type: "refresh" });
const BAD_SIGNATURE = mint({}, { secret: "another-secret-that-is-long-enough-too!" });

// ---------------------------------------------------------------------------------------
// Body checks for token-bearing answers

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The body is an object with exactly these keys, each a signed compact JWS. */
const tokensBody = (...keys: string[]): BodyCheck => ({
  says: `exactly ${keys.join(" and ")}, each a compact JWS`,
  problem: (body) => {
    if (!isRecord(body)) return "not a JSON object";
    if (Object.keys(body).sort().join() !== [...keys].sort().join())
      return `keys ${JSON.stringify(Object.keys(body))}`;
    for (const key of keys) {
      const token = body[key];
      if (typeof token !== "string" || !JWS.test(token)) return `${key} is not a JWS`;
    }
    return undefined;
  },
});

interface ClaimsExpectation {
  /** The claim names, in order. */
  readonly order: readonly string[];
  readonly type: "access" | "refresh";
  readonly fresh: boolean;
  /** exp − iat in seconds; null: no `exp` claim. */
  readonly lifetime: number | null;
  readonly identityClaim?: string;
  readonly csrf?: boolean;
  readonly nbf?: boolean;
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** The body's `key` token has the header and claims of §1. */
function tokenClaims(key: string, want: ClaimsExpectation): BodyCheck {
  const identityClaim = want.identityClaim ?? "sub";
  return {
    says: `${key} is a JWT with claims ${want.order.join(", ")} (${want.type}, fresh ${want.fresh}, lifetime ${want.lifetime})`,
    problem: (body) => {
      if (!isRecord(body) || typeof body[key] !== "string") return `no string ${key}`;
      const { header, payload } = decodeUnverified(body[key] as string);
      const problems: string[] = [];
      if (header.alg !== "HS256" || header.typ !== "JWT")
        problems.push(`header ${JSON.stringify(header)}`);
      if (Object.keys(payload).join() !== want.order.join())
        problems.push(`claim order ${Object.keys(payload).join(", ")}`);
      if (payload.type !== want.type) problems.push(`type ${String(payload.type)}`);
      if (payload.fresh !== want.fresh) problems.push(`fresh ${String(payload.fresh)}`);
      if (payload[identityClaim] !== DEMO_IDENTITY)
        problems.push(`${identityClaim} ${String(payload[identityClaim])}`);
      if (typeof payload.jti !== "string" || !UUID_V4.test(payload.jti))
        problems.push(`jti ${String(payload.jti)}`);
      const iat = payload.iat;
      if (typeof iat !== "number" || !Number.isInteger(iat)) problems.push(`iat ${String(iat)}`);
      else if (Math.abs(iat - Date.now() / 1000) > 120) problems.push(`iat ${iat} is not now`);
      if ((want.nbf ?? true) && payload.nbf !== iat) problems.push(`nbf ${String(payload.nbf)}`);
      if ((want.csrf ?? true) && (typeof payload.csrf !== "string" || !UUID_V4.test(payload.csrf)))
        problems.push(`csrf ${String(payload.csrf)}`);
      if (want.lifetime !== null && payload.exp !== (iat as number) + want.lifetime)
        problems.push(`exp ${String(payload.exp)} for iat ${String(iat)}`);
      for (const [claim, value] of Object.entries(want.extra ?? {}))
        if (payload[claim] !== value) problems.push(`${claim} ${String(payload[claim])}`);
      return problems.length === 0 ? undefined : problems.join("; ");
    },
  };
}

const ACCESS_ORDER = ["fresh", "iat", "jti", "type", "sub", "nbf", "csrf", "exp"];
const DEFAULT_ACCESS_LIFETIME = 15 * 60;
const DEFAULT_REFRESH_LIFETIME = 30 * 24 * 60 * 60;

// ---------------------------------------------------------------------------------------
// Cookie expectations (§5)

const EPOCH = "Thu, 01 Jan 1970 00:00:00 GMT";
const COOKIE_NAMES = {
  access: "access_token_cookie",
  refresh: "refresh_token_cookie",
  accessCsrf: "csrf_access_token",
  refreshCsrf: "csrf_refresh_token",
} as const;

interface CookieOptions {
  readonly names?: Partial<Record<keyof typeof COOKIE_NAMES, string>>;
  readonly paths?: Partial<Record<keyof typeof COOKIE_NAMES, string>>;
  /** Attributes every cookie carries (Domain, Secure, SameSite, Max-Age ...). */
  readonly common?: Readonly<Record<string, string | true>>;
  readonly withCsrf?: boolean;
}

/** The cookies `POST /login_with_cookies` sets. */
function loginCookies(options: CookieOptions = {}): Record<string, CookieExpectation> {
  const name = { ...COOKIE_NAMES, ...options.names };
  const path = (which: keyof typeof COOKIE_NAMES) => options.paths?.[which] ?? "/";
  // With a Max-Age the cookie also carries an Expires, as the Python library writes it.
  const common = {
    ...options.common,
    ...(options.common && "max-age" in options.common ? { expires: "any" } : {}),
  };
  const cookies: Record<string, CookieExpectation> = {
    [name.access]: {
      value: "access-jwt",
      attributes: { path: path("access"), httponly: true, ...common },
    },
    [name.refresh]: {
      value: "refresh-jwt",
      attributes: { path: path("refresh"), httponly: true, ...common },
    },
  };
  if (options.withCsrf ?? true) {
    cookies[name.accessCsrf] = {
      value: { csrfOf: name.access },
      attributes: { path: path("accessCsrf"), ...common },
    };
    cookies[name.refreshCsrf] = {
      value: { csrfOf: name.refresh },
      attributes: { path: path("refreshCsrf"), ...common },
    };
  }
  return cookies;
}

/** The cookies `POST /logout_with_cookies` unsets: the same cookies, empty, expired. */
function logoutCookies(options: CookieOptions = {}): Record<string, CookieExpectation> {
  const set = loginCookies(options);
  const unset: Record<string, CookieExpectation> = {};
  for (const [cookieName, cookie] of Object.entries(set)) {
    const { "max-age": _maxAge, ...attributes } = cookie.attributes;
    unset[cookieName] = {
      value: "empty",
      attributes: { ...attributes, expires: EPOCH },
      optional: { "max-age": "0" },
    };
  }
  return unset;
}

// ---------------------------------------------------------------------------------------
// Environments

const HEADERS_ONLY: Env = { JWT_TOKEN_LOCATION: "headers" };
const QUERY_THEN_HEADERS: Env = { JWT_TOKEN_LOCATION: '["query_string","headers"]' };
const THREE_LOCATIONS: Env = { JWT_TOKEN_LOCATION: '["cookies","json","headers"]' };
const JSON_ONLY: Env = { JWT_TOKEN_LOCATION: '["json"]' };
const COOKIES_ONLY: Env = { JWT_TOKEN_LOCATION: '["cookies"]' };
const HEADER_NAME: Env = { JWT_HEADER_NAME: "X-Token" };
const EMPTY_HEADER_TYPE: Env = { JWT_HEADER_TYPE: "" };
const JWT_HEADER_TYPE: Env = { JWT_HEADER_TYPE: "JWT" };
const QUERY_PREFIX: Env = { JWT_QUERY_STRING_VALUE_PREFIX: "Bearer " };
const CUSTOM_NAMES: Env = {
  JWT_ACCESS_COOKIE_NAME: "my_access",
  JWT_REFRESH_COOKIE_NAME: "my_refresh",
  JWT_ACCESS_CSRF_COOKIE_NAME: "my_csrf_access",
  JWT_REFRESH_CSRF_COOKIE_NAME: "my_csrf_refresh",
  JWT_ACCESS_CSRF_HEADER_NAME: "X-Access-Csrf",
  JWT_REFRESH_CSRF_HEADER_NAME: "X-Refresh-Csrf",
  JWT_QUERY_STRING_NAME: "token",
  JWT_JSON_KEY: "tok",
  JWT_REFRESH_JSON_KEY: "rtok",
};
const CSRF_FORM: Env = { JWT_CSRF_CHECK_FORM: "true" };
const CSRF_FORM_FIELDS: Env = {
  JWT_CSRF_CHECK_FORM: "true",
  JWT_ACCESS_CSRF_FIELD_NAME: "xsrf_access",
  JWT_REFRESH_CSRF_FIELD_NAME: "xsrf_refresh",
};
const CSRF_GET_ONLY: Env = { JWT_CSRF_METHODS: '["GET"]' };
const NO_CSRF: Env = { JWT_COOKIE_CSRF_PROTECT: "false" };
const CSRF_NOT_IN_COOKIES: Env = { JWT_CSRF_IN_COOKIES: "false" };
const ERROR_KEY: Env = { JWT_ERROR_MESSAGE_KEY: "error" };
const IDENTITY_CLAIM: Env = { JWT_IDENTITY_CLAIM: "identity" };
const AUDIENCE: Env = { JWT_ENCODE_AUDIENCE: "my-audience", JWT_DECODE_AUDIENCE: "my-audience" };
const ISSUER: Env = { JWT_ENCODE_ISSUER: "my-issuer", JWT_DECODE_ISSUER: "my-issuer" };
const LEEWAY: Env = { JWT_DECODE_LEEWAY: "30" };
const NEVER_EXPIRES: Env = { JWT_ACCESS_TOKEN_EXPIRES: "false" };
const SHORT_EXPIRIES: Env = { JWT_ACCESS_TOKEN_EXPIRES: "60", JWT_REFRESH_TOKEN_EXPIRES: "120" };
const TWO_ALGORITHMS: Env = { JWT_DECODE_ALGORITHMS: '["HS256","HS512"]' };
const NO_NBF: Env = { JWT_ENCODE_NBF: "false" };
const NO_VERIFY_SUB: Env = { JWT_VERIFY_SUB: "false" };
const COOKIE_ATTRIBUTES: Env = {
  JWT_ACCESS_COOKIE_PATH: "/api/",
  JWT_REFRESH_COOKIE_PATH: "/refresh",
  JWT_ACCESS_CSRF_COOKIE_PATH: "/csrf/access",
  JWT_REFRESH_CSRF_COOKIE_PATH: "/csrf/refresh",
  JWT_COOKIE_DOMAIN: "example.test",
  JWT_COOKIE_SECURE: "true",
  JWT_COOKIE_SAMESITE: "Strict",
};
const PERSISTENT_COOKIES: Env = { JWT_SESSION_COOKIE: "false", JWT_COOKIE_SAMESITE: "Lax" };

// ---------------------------------------------------------------------------------------
// §7 — the demo's routes

const routes: Scenario[] = [
  {
    name: "POST /login_without_cookies answers an access token and a refresh token",
    request: { method: "POST", path: "/login_without_cookies" },
    expect: { status: 200, satisfies: tokensBody("access_token", "refresh_token") },
  },
  {
    name: "the login access token is a fresh access token for example_user with the claims of §1 in order",
    request: { method: "POST", path: "/login_without_cookies" },
    expect: {
      status: 200,
      satisfies: tokenClaims("access_token", {
        order: ACCESS_ORDER,
        type: "access",
        fresh: true,
        lifetime: DEFAULT_ACCESS_LIFETIME,
      }),
    },
  },
  {
    name: "the login refresh token is a non-fresh refresh token that lives 30 days",
    request: { method: "POST", path: "/login_without_cookies" },
    expect: {
      status: 200,
      satisfies: tokenClaims("refresh_token", {
        order: ACCESS_ORDER,
        type: "refresh",
        fresh: false,
        lifetime: DEFAULT_REFRESH_LIFETIME,
      }),
    },
  },
  ...(["GET", "POST"] as const).map(
    (method): Scenario => ({
      name: `${method} /whoami with the login access token answers identity, type and fresh`,
      setup: { token: LOGIN_ACCESS },
      request: (c) => ({ method, path: "/whoami", headers: bearer(c.token) }),
      expect: ok({ identity: DEMO_IDENTITY, type: "access", fresh: true }),
    }),
  ),
  ...(["GET", "POST", "PUT", "PATCH", "DELETE"] as const).map(
    (method): Scenario => ({
      name: `${method} /protected with a header token answers {"foo": "bar"}`,
      setup: { token: LOGIN_ACCESS },
      request: (c) => ({ method, path: "/protected", headers: bearer(c.token) }),
      expect: ok({ foo: "bar" }),
    }),
  ),
  {
    name: 'GET /only_headers with a header token answers {"foo": "baz"}',
    setup: { token: LOGIN_ACCESS },
    request: (c) => ({ method: "GET", path: "/only_headers", headers: bearer(c.token) }),
    expect: ok({ foo: "baz" }),
  },
  {
    name: "POST /refresh with the login refresh token answers only a new access token",
    setup: { token: LOGIN_REFRESH },
    request: (c) => ({ method: "POST", path: "/refresh", headers: bearer(c.token) }),
    expect: { status: 200, satisfies: tokensBody("access_token") },
  },
  {
    name: "the access token from /refresh is a non-fresh access token with the default lifetime",
    setup: { token: LOGIN_REFRESH },
    request: (c) => ({ method: "POST", path: "/refresh", headers: bearer(c.token) }),
    expect: {
      status: 200,
      satisfies: tokenClaims("access_token", {
        order: ACCESS_ORDER,
        type: "access",
        fresh: false,
        lifetime: DEFAULT_ACCESS_LIFETIME,
      }),
    },
  },
  {
    name: "the access token from /refresh works on /whoami and is not fresh",
    setup: { token: REFRESHED },
    request: (c) => ({ method: "GET", path: "/whoami", headers: bearer(c.token) }),
    expect: ok({ identity: DEMO_IDENTITY, type: "access", fresh: false }),
  },
  {
    name: "the access token from /refresh is refused by /fresh",
    setup: { token: REFRESHED },
    request: (c) => ({ method: "GET", path: "/fresh", headers: bearer(c.token) }),
    expect: error(401, FRESH_REQUIRED),
  },
  {
    name: "GET /optional without a token answers identity null",
    request: { method: "GET", path: "/optional" },
    expect: ok({ identity: null }),
  },
  {
    name: "GET /optional with a header token answers the identity",
    setup: { token: LOGIN_ACCESS },
    request: (c) => ({ method: "GET", path: "/optional", headers: bearer(c.token) }),
    expect: ok({ identity: DEMO_IDENTITY }),
  },
  ...(["GET", "POST"] as const).map(
    (method): Scenario => ({
      name: `${method} /fresh with the fresh login token answers {"foo": "fresh"}`,
      setup: { token: LOGIN_ACCESS },
      request: (c) => ({ method, path: "/fresh", headers: bearer(c.token) }),
      expect: ok({ foo: "fresh" }),
    }),
  ),
  {
    name: "POST /login_with_cookies answers login successful and sets the four JWT cookies",
    request: { method: "POST", path: "/login_with_cookies" },
    expect: { status: 200, json: { msg: "login successful" }, setCookies: loginCookies() },
  },
  {
    name: "POST /logout_with_cookies answers logout successful and unsets the four JWT cookies",
    request: { method: "POST", path: "/logout_with_cookies" },
    expect: { status: 200, json: { msg: "logout successful" }, setCookies: logoutCookies() },
  },
  {
    name: "POST /logout_with_cookies after a login still unsets every JWT cookie",
    setup: { loginWithCookies: true },
    request: (c) => ({ method: "POST", path: "/logout_with_cookies", cookies: c.cookies }),
    expect: { status: 200, json: { msg: "logout successful" }, setCookies: logoutCookies() },
  },
  {
    name: "GET / serves an HTML page",
    request: { method: "GET", path: "/" },
    expect: { status: 200, contentType: /^text\/html/i },
  },
  {
    name: "the login cookies authorize GET /whoami as a fresh access token",
    setup: { loginWithCookies: true },
    request: (c) => ({ method: "GET", path: "/whoami", cookies: c.cookies }),
    expect: ok({ identity: DEMO_IDENTITY, type: "access", fresh: true }),
  },
  {
    name: "the login cookies authorize POST /protected with the X-CSRF-TOKEN header from csrf_access_token",
    setup: { loginWithCookies: true },
    request: (c) => ({
      method: "POST",
      path: "/protected",
      cookies: c.cookies,
      headers: { "X-CSRF-TOKEN": c.cookie("csrf_access_token") },
    }),
    expect: ok({ foo: "bar" }),
  },
  {
    name: "the refresh cookie refreshes with the X-CSRF-TOKEN header from csrf_refresh_token",
    setup: { loginWithCookies: true },
    request: (c) => ({
      method: "POST",
      path: "/refresh",
      cookies: c.cookies,
      headers: { "X-CSRF-TOKEN": c.cookie("csrf_refresh_token") },
    }),
    expect: { status: 200, satisfies: tokensBody("access_token") },
  },
];

// ---------------------------------------------------------------------------------------
// §3 — no token, and the combined message

const missing: Scenario[] = [
  {
    name: "GET /protected without a token: 401 naming every location and its reason",
    request: { method: "GET", path: "/protected" },
    expect: error(401, missingAll()),
  },
  {
    name: "POST /protected with an empty JSON object: the json reason names the missing key",
    request: { method: "POST", path: "/protected", body: json({}) },
    expect: error(401, missingAll({ json: MISSING_JSON_KEY })),
  },
  {
    name: "an empty Authorization header counts as missing",
    request: { method: "GET", path: "/protected", headers: { Authorization: "" } },
    expect: error(401, missingAll()),
  },
  {
    name: "an Authorization header of only a comma counts as missing",
    request: { method: "GET", path: "/protected", headers: { Authorization: "," } },
    expect: error(401, missingAll()),
  },
  {
    name: "an empty access cookie counts as missing",
    request: { method: "GET", path: "/protected", cookies: { access_token_cookie: "" } },
    expect: error(401, missingAll()),
  },
  {
    name: "an empty jwt query parameter counts as missing",
    request: { method: "GET", path: "/protected", query: "jwt=" },
    expect: error(401, missingAll()),
  },
  {
    name: "an empty access_token in the JSON body counts as missing",
    request: { method: "POST", path: "/protected", body: json({ access_token: "" }) },
    expect: error(401, missingAll({ json: MISSING_JSON_KEY })),
  },
  {
    name: "POST /refresh without a token names the refresh cookie and the refresh JSON key",
    request: { method: "POST", path: "/refresh", body: json({}) },
    expect: error(
      401,
      missingAll({ cookies: MISSING_REFRESH_COOKIE, json: MISSING_REFRESH_JSON_KEY }),
    ),
  },
  {
    name: "POST /refresh ignores an access_token key in the JSON body",
    setup: { token: LOGIN_REFRESH },
    request: (c) => ({ method: "POST", path: "/refresh", body: json({ access_token: c.token }) }),
    expect: error(
      401,
      missingAll({ cookies: MISSING_REFRESH_COOKIE, json: MISSING_REFRESH_JSON_KEY }),
    ),
  },
  {
    name: "/refresh ignores the access cookie: the refresh cookie is missing",
    setup: { loginWithCookies: true },
    request: (c) => ({
      method: "POST",
      path: "/refresh",
      cookies: { access_token_cookie: c.cookie("access_token_cookie") },
      headers: { "X-CSRF-TOKEN": c.cookie("csrf_access_token") },
    }),
    expect: error(401, missingAll({ cookies: MISSING_REFRESH_COOKIE })),
  },
  {
    name: "/only_headers without a token answers the headers reason alone",
    request: { method: "GET", path: "/only_headers" },
    expect: error(401, MISSING_HEADER),
  },
  {
    name: "/only_headers ignores a token in the query string",
    setup: { token: LOGIN_ACCESS },
    request: (c) => ({ method: "GET", path: "/only_headers", query: { jwt: c.token } }),
    expect: error(401, MISSING_HEADER),
  },
  {
    name: "/only_headers ignores a token in a cookie",
    setup: { token: LOGIN_ACCESS },
    request: (c) => ({
      method: "GET",
      path: "/only_headers",
      cookies: { access_token_cookie: c.token },
    }),
    expect: error(401, MISSING_HEADER),
  },
  {
    name: 'JWT_TOKEN_LOCATION given as the one string "headers": the headers reason alone',
    env: HEADERS_ONLY,
    request: { method: "GET", path: "/protected" },
    expect: error(401, MISSING_HEADER),
  },
  {
    name: 'JWT_TOKEN_LOCATION "headers" accepts a header token',
    env: HEADERS_ONLY,
    setup: { token: LOGIN_ACCESS },
    request: (c) => ({ method: "GET", path: "/protected", headers: bearer(c.token) }),
    expect: ok({ foo: "bar" }),
  },
  {
    name: 'JWT_TOKEN_LOCATION "headers" ignores a query string token',
    env: HEADERS_ONLY,
    setup: { token: LOGIN_ACCESS },
    request: (c) => ({ method: "GET", path: "/protected", query: { jwt: c.token } }),
    expect: error(401, MISSING_HEADER),
  },
  {
    name: "two locations: Missing JWT in query_string or headers, in the configured order",
    env: QUERY_THEN_HEADERS,
    request: { method: "GET", path: "/protected" },
    expect: error(
      401,
      missingJwt([
        ["query_string", MISSING_QUERY],
        ["headers", MISSING_HEADER],
      ]),
    ),
  },
  {
    name: "three locations: Missing JWT in cookies, json or headers",
    env: THREE_LOCATIONS,
    request: { method: "POST", path: "/protected", body: json({ other: 1 }) },
    expect: error(
      401,
      missingJwt([
        ["cookies", MISSING_COOKIE],
        ["json", MISSING_JSON_KEY],
        ["headers", MISSING_HEADER],
      ]),
    ),
  },
  {
    name: "the first location that yields a token wins: an expired query token beats a valid header token",
    env: QUERY_THEN_HEADERS,
    setup: { token: EXPIRED_TOKEN, otherToken: LOGIN_ACCESS },
    request: (c) => ({
      method: "GET",
      path: "/protected",
      query: { jwt: c.token },
      headers: bearer(c.otherToken),
    }),
    expect: error(401, EXPIRED),
  },
  {
    name: "the first location that yields a token wins: a valid header token beats an expired query token",
    setup: { token: LOGIN_ACCESS, otherToken: EXPIRED_TOKEN },
    request: (c) => ({
      method: "GET",
      path: "/protected",
      headers: bearer(c.token),
      query: { jwt: c.otherToken },
    }),
    expect: ok({ foo: "bar" }),
  },
  {
    name: "a bad header token stops the search even though the query string holds a good one",
    setup: { token: BAD_SIGNATURE, otherToken: LOGIN_ACCESS },
    request: (c) => ({
      method: "GET",
      path: "/protected",
      headers: bearer(c.token),
      query: { jwt: c.otherToken },
    }),
    expect: anyError(422),
  },
  {
    name: "a header token wins over a cookie, so a POST needs no CSRF value",
    setup: { token: LOGIN_ACCESS, otherToken: mint() },
    request: (c) => ({
      method: "POST",
      path: "/protected",
      headers: bearer(c.token),
      cookies: { access_token_cookie: c.otherToken },
    }),
    expect: ok({ foo: "bar" }),
  },
  {
    name: "a header without the Bearer type falls through to the query string token",
    setup: { token: LOGIN_ACCESS },
    request: (c) => ({
      method: "GET",
      path: "/protected",
      headers: { Authorization: "Basic dXNlcjpwYXNz" },
      query: { jwt: c.token },
    }),
    expect: ok({ foo: "bar" }),
  },
  {
    name: "a Basic header with nothing else is reported inside the combined message",
    request: {
      method: "GET",
      path: "/protected",
      headers: { Authorization: "Basic dXNlcjpwYXNz" },
    },
    expect: error(401, missingAll({ headers: MISSING_BEARER })),
  },
];

// ---------------------------------------------------------------------------------------
// §3 — headers

const headerValue = (value: (token: string) => string, path = "/only_headers") =>
  ((c: Ctx) => ({
    method: "GET",
    path,
    headers: { Authorization: value(c.token) },
  })) satisfies (c: Ctx) => RequestSpec;

const headers: Scenario[] = [
  ...(
    [
      ["bearer", (t: string) => `bearer ${t}`],
      ["BEARER", (t: string) => `BEARER ${t}`],
      ["bEaReR", (t: string) => `bEaReR ${t}`],
    ] as const
  ).map(
    ([type, value]): Scenario => ({
      name: `the header type is compared case-insensitively: "${type} <JWT>" is accepted`,
      setup: { token: LOGIN_ACCESS },
      request: headerValue(value),
      expect: ok({ foo: "baz" }),
    }),
  ),
  {
    name: 'a comma-separated Authorization value "Basic abc, Bearer <JWT>" yields the Bearer token',
    setup: { token: LOGIN_ACCESS },
    request: headerValue((t) => `Basic abc, Bearer ${t}`),
    expect: ok({ foo: "baz" }),
  },
  {
    name: 'a comma-separated Authorization value "Bearer <JWT>, Basic abc" yields the Bearer token',
    setup: { token: LOGIN_ACCESS },
    request: headerValue((t) => `Bearer ${t}, Basic abc`),
    expect: ok({ foo: "baz" }),
  },
  {
    name: "surrounding commas are trimmed from the Authorization value",
    setup: { token: LOGIN_ACCESS },
    request: headerValue((t) => `Bearer ${t},`),
    expect: ok({ foo: "baz" }),
  },
  {
    name: "several spaces between the type and the token still make two words",
    setup: { token: LOGIN_ACCESS },
    request: headerValue((t) => `Bearer   ${t}`),
    expect: ok({ foo: "baz" }),
  },
  {
    name: '"Basic <JWT>" is refused: 401 missing Bearer type',
    setup: { token: LOGIN_ACCESS },
    request: headerValue((t) => `Basic ${t}`),
    expect: error(401, MISSING_BEARER),
  },
  {
    name: "a bare JWT without a type is refused: 401 missing Bearer type",
    setup: { token: LOGIN_ACCESS },
    request: headerValue((t) => t),
    expect: error(401, MISSING_BEARER),
  },
  {
    name: "two Bearer entries are refused: 401 missing Bearer type",
    setup: { token: LOGIN_ACCESS },
    request: headerValue((t) => `Bearer ${t}, Bearer ${t}`),
    expect: error(401, MISSING_BEARER),
  },
  {
    name: '"Bearer" alone is one word: 422 bad Authorization header',
    request: { method: "GET", path: "/only_headers", headers: { Authorization: "Bearer" } },
    expect: error(422, BAD_BEARER_HEADER),
  },
  {
    name: '"Bearer <JWT> extra" is three words: 422 bad Authorization header',
    setup: { token: LOGIN_ACCESS },
    request: headerValue((t) => `Bearer ${t} extra`),
    expect: error(422, BAD_BEARER_HEADER),
  },
  {
    name: "a malformed Authorization header stops the search at once (422, not the combined 401)",
    setup: { token: LOGIN_ACCESS },
    request: (c) => ({
      method: "GET",
      path: "/protected",
      headers: { Authorization: "Bearer a b" },
      query: { jwt: c.token },
    }),
    expect: error(422, BAD_BEARER_HEADER),
  },
  {
    name: "custom JWT_HEADER_NAME: the missing reason names the header",
    env: HEADER_NAME,
    request: { method: "GET", path: "/protected" },
    expect: error(401, missingAll({ headers: "Missing X-Token Header" })),
  },
  {
    name: "custom JWT_HEADER_NAME: the token is read from that header",
    env: HEADER_NAME,
    setup: { token: LOGIN_ACCESS },
    request: (c) => ({
      method: "GET",
      path: "/only_headers",
      headers: { "X-Token": `Bearer ${c.token}` },
    }),
    expect: ok({ foo: "baz" }),
  },
  {
    name: "custom JWT_HEADER_NAME: the Authorization header is not read",
    env: HEADER_NAME,
    setup: { token: LOGIN_ACCESS },
    request: (c) => ({ method: "GET", path: "/only_headers", headers: bearer(c.token) }),
    expect: error(401, "Missing X-Token Header"),
  },
  {
    name: "custom JWT_HEADER_NAME: the missing-type message names the header",
    env: HEADER_NAME,
    request: { method: "GET", path: "/only_headers", headers: { "X-Token": "Basic abc" } },
    expect: error(
      401,
      "Missing 'Bearer' type in 'X-Token' header. Expected 'X-Token: Bearer <JWT>'",
    ),
  },
  {
    name: "custom JWT_HEADER_NAME: the bad-header message names the header",
    env: HEADER_NAME,
    request: { method: "GET", path: "/only_headers", headers: { "X-Token": "Bearer a b" } },
    expect: error(422, "Bad X-Token header. Expected 'X-Token: Bearer <JWT>'"),
  },
  {
    name: 'empty JWT_HEADER_TYPE (""): the header holds the bare JWT',
    env: EMPTY_HEADER_TYPE,
    setup: { token: LOGIN_ACCESS },
    request: headerValue((t) => t),
    expect: ok({ foo: "baz" }),
  },
  {
    name: "empty JWT_HEADER_TYPE: surrounding commas are trimmed",
    env: EMPTY_HEADER_TYPE,
    setup: { token: LOGIN_ACCESS },
    request: headerValue((t) => `${t},`),
    expect: ok({ foo: "baz" }),
  },
  {
    name: 'empty JWT_HEADER_TYPE: "Bearer <JWT>" is two words: 422 bad header',
    env: EMPTY_HEADER_TYPE,
    setup: { token: LOGIN_ACCESS },
    request: headerValue((t) => `Bearer ${t}`),
    expect: error(422, "Bad Authorization header. Expected 'Authorization: <JWT>'"),
  },
  {
    name: "empty JWT_HEADER_TYPE: no header is still the missing header reason",
    env: EMPTY_HEADER_TYPE,
    request: { method: "GET", path: "/protected" },
    expect: error(401, missingAll()),
  },
  {
    name: 'JWT_HEADER_TYPE "JWT": "JWT <JWT>" is accepted',
    env: JWT_HEADER_TYPE,
    setup: { token: LOGIN_ACCESS },
    request: headerValue((t) => `JWT ${t}`),
    expect: ok({ foo: "baz" }),
  },
  {
    name: 'JWT_HEADER_TYPE "JWT": "jwt <JWT>" is accepted (case-insensitive)',
    env: JWT_HEADER_TYPE,
    setup: { token: LOGIN_ACCESS },
    request: headerValue((t) => `jwt ${t}`),
    expect: ok({ foo: "baz" }),
  },
  {
    name: 'JWT_HEADER_TYPE "JWT": "Bearer <JWT>" is refused naming the JWT type',
    env: JWT_HEADER_TYPE,
    setup: { token: LOGIN_ACCESS },
    request: headerValue((t) => `Bearer ${t}`),
    expect: error(
      401,
      "Missing 'JWT' type in 'Authorization' header. Expected 'Authorization: JWT <JWT>'",
    ),
  },
  {
    name: 'JWT_HEADER_TYPE "JWT": three words give the bad-header message with the JWT type',
    env: JWT_HEADER_TYPE,
    request: { method: "GET", path: "/only_headers", headers: { Authorization: "JWT a b" } },
    expect: error(422, "Bad Authorization header. Expected 'Authorization: JWT <JWT>'"),
  },
];

// ---------------------------------------------------------------------------------------
// §3 — cookies and CSRF double submit

const cookieRequest =
  (method: string, csrf?: (c: Ctx) => string, path = "/protected") =>
  (c: Ctx): RequestSpec => ({
    method,
    path,
    cookies: { access_token_cookie: c.token },
    headers: csrf ? { "X-CSRF-TOKEN": csrf(c) } : undefined,
  });

const cookies: Scenario[] = [
  {
    name: "GET with only an access cookie needs no CSRF value",
    setup: { token: mint() },
    request: cookieRequest("GET"),
    expect: ok({ foo: "bar" }),
  },
  ...(["POST", "PUT", "PATCH", "DELETE"] as const).map(
    (method): Scenario => ({
      name: `${method} with an access cookie and no CSRF header: 401 Missing CSRF token`,
      setup: { token: mint() },
      request: cookieRequest(method),
      expect: error(401, MISSING_CSRF),
    }),
  ),
  ...(["POST", "PUT", "PATCH", "DELETE"] as const).map(
    (method): Scenario => ({
      name: `${method} with an access cookie and the matching X-CSRF-TOKEN header is accepted`,
      setup: { token: mint() },
      request: cookieRequest(method, (c) => c.csrf),
      expect: ok({ foo: "bar" }),
    }),
  ),
  {
    name: "an empty X-CSRF-TOKEN header is a missing CSRF token",
    setup: { token: mint() },
    request: cookieRequest("POST", () => ""),
    expect: error(401, MISSING_CSRF),
  },
  {
    name: "a different X-CSRF-TOKEN value: 401 double submit tokens do not match",
    setup: { token: mint() },
    request: cookieRequest("POST", () => "6f1c1c43-0b8e-4d7c-9a55-3d1b3c2f0a11"),
    expect: error(401, CSRF_MISMATCH),
  },
  {
    name: "the CSRF comparison is exact: the claim in upper case does not match",
    setup: { token: mint({ csrf: "6f1c1c43-0b8e-4d7c-9a55-3d1b3c2f0a11" }) },
    request: cookieRequest("POST", () => "6F1C1C43-0B8E-4D7C-9A55-3D1B3C2F0A11"),
    expect: error(401, CSRF_MISMATCH),
  },
  {
    name: "a cookie token without a csrf claim and a CSRF header: 422 Missing claim: csrf",
    setup: { token: mint({ csrf: undefined }) },
    request: cookieRequest("POST", () => "6f1c1c43-0b8e-4d7c-9a55-3d1b3c2f0a11"),
    expect: error(422, MISSING_CSRF_CLAIM),
  },
  {
    name: "a cookie token without a csrf claim and no CSRF header: the missing header is reported first",
    setup: { token: mint({ csrf: undefined }) },
    request: cookieRequest("POST"),
    expect: error(401, MISSING_CSRF),
  },
  {
    name: "the refresh CSRF cookie's value does not pass for the access cookie",
    setup: { loginWithCookies: true },
    request: (c) => ({
      method: "POST",
      path: "/protected",
      cookies: c.cookies,
      headers: { "X-CSRF-TOKEN": c.cookie("csrf_refresh_token") },
    }),
    expect: error(401, CSRF_MISMATCH),
  },
  {
    name: "POST /refresh with the refresh cookie and no CSRF header: 401 Missing CSRF token",
    setup: { loginWithCookies: true },
    request: (c) => ({ method: "POST", path: "/refresh", cookies: c.cookies }),
    expect: error(401, MISSING_CSRF),
  },
  {
    name: "POST /refresh with the access CSRF value: 401 double submit tokens do not match",
    setup: { loginWithCookies: true },
    request: (c) => ({
      method: "POST",
      path: "/refresh",
      cookies: c.cookies,
      headers: { "X-CSRF-TOKEN": c.cookie("csrf_access_token") },
    }),
    expect: error(401, CSRF_MISMATCH),
  },
  {
    name: "a CSRF value in a form field is not read unless JWT_CSRF_CHECK_FORM",
    setup: { token: mint() },
    request: (c) => ({
      method: "POST",
      path: "/protected",
      cookies: { access_token_cookie: c.token },
      body: form({ csrf_token: c.csrf }),
    }),
    expect: error(401, MISSING_CSRF),
  },
  {
    name: "order: an expired cookie token is reported before a CSRF mismatch",
    setup: { token: EXPIRED_TOKEN },
    request: cookieRequest("POST", () => "6f1c1c43-0b8e-4d7c-9a55-3d1b3c2f0a11"),
    expect: error(401, EXPIRED),
  },
  {
    name: "order: an expired cookie token without a csrf claim is reported as expired",
    setup: {
      token: mint({ csrf: undefined, iat: fromNow(-3600), nbf: fromNow(-3600), exp: fromNow(-60) }),
    },
    request: cookieRequest("POST", () => "6f1c1c43-0b8e-4d7c-9a55-3d1b3c2f0a11"),
    expect: error(401, EXPIRED),
  },
  {
    name: "order: a badly signed cookie token is invalid before any CSRF comparison",
    setup: { token: BAD_SIGNATURE },
    request: cookieRequest("POST", () => "6f1c1c43-0b8e-4d7c-9a55-3d1b3c2f0a11"),
    expect: anyError(422),
  },
  {
    name: "order: a CSRF mismatch is reported before the token type",
    setup: { token: REFRESH_TOKEN },
    request: cookieRequest("POST", () => "6f1c1c43-0b8e-4d7c-9a55-3d1b3c2f0a11"),
    expect: error(401, CSRF_MISMATCH),
  },
  {
    name: "a refresh token in the access cookie with its CSRF value: 422 only non-refresh tokens",
    setup: { token: REFRESH_TOKEN },
    request: cookieRequest("POST", (c) => c.csrf),
    expect: error(422, ONLY_ACCESS),
  },
  {
    name: "cookies only: a missing cookie is the cookie reason alone",
    env: COOKIES_ONLY,
    request: { method: "GET", path: "/protected" },
    expect: error(401, MISSING_COOKIE),
  },
  {
    name: "cookies only: POST /refresh without a cookie names the refresh cookie",
    env: COOKIES_ONLY,
    request: { method: "POST", path: "/refresh" },
    expect: error(401, MISSING_REFRESH_COOKIE),
  },
  {
    name: "cookies only: the login cookies work with the CSRF header",
    env: COOKIES_ONLY,
    setup: { loginWithCookies: true },
    request: (c) => ({
      method: "DELETE",
      path: "/protected",
      cookies: c.cookies,
      headers: { "X-CSRF-TOKEN": c.cookie("csrf_access_token") },
    }),
    expect: ok({ foo: "bar" }),
  },
  // JWT_CSRF_CHECK_FORM
  {
    name: "JWT_CSRF_CHECK_FORM: the CSRF value in an urlencoded csrf_token field is accepted",
    env: CSRF_FORM,
    setup: { token: mint() },
    request: (c) => ({
      method: "POST",
      path: "/protected",
      cookies: { access_token_cookie: c.token },
      body: form({ csrf_token: c.csrf }),
    }),
    expect: ok({ foo: "bar" }),
  },
  {
    name: "JWT_CSRF_CHECK_FORM: the CSRF value in a multipart csrf_token field is accepted",
    env: CSRF_FORM,
    setup: { token: mint() },
    request: (c) => ({
      method: "POST",
      path: "/protected",
      cookies: { access_token_cookie: c.token },
      body: multipartBody({ note: "hello", csrf_token: c.csrf }),
    }),
    expect: ok({ foo: "bar" }),
  },
  {
    name: "JWT_CSRF_CHECK_FORM: the login cookies work with the form field from csrf_access_token",
    env: CSRF_FORM,
    setup: { loginWithCookies: true },
    request: (c) => ({
      method: "PUT",
      path: "/protected",
      cookies: c.cookies,
      body: form({ csrf_token: c.cookie("csrf_access_token") }),
    }),
    expect: ok({ foo: "bar" }),
  },
  {
    name: "JWT_CSRF_CHECK_FORM: a different form value does not match",
    env: CSRF_FORM,
    setup: { token: mint() },
    request: (c) => ({
      method: "POST",
      path: "/protected",
      cookies: { access_token_cookie: c.token },
      body: form({ csrf_token: "6f1c1c43-0b8e-4d7c-9a55-3d1b3c2f0a11" }),
    }),
    expect: error(401, CSRF_MISMATCH),
  },
  {
    name: "JWT_CSRF_CHECK_FORM: a form without the field is a missing CSRF token",
    env: CSRF_FORM,
    setup: { token: mint() },
    request: (c) => ({
      method: "POST",
      path: "/protected",
      cookies: { access_token_cookie: c.token },
      body: form({ other: "1" }),
    }),
    expect: error(401, MISSING_CSRF),
  },
  {
    name: "JWT_CSRF_CHECK_FORM: the header is read first (right header, wrong form field)",
    env: CSRF_FORM,
    setup: { token: mint() },
    request: (c) => ({
      method: "POST",
      path: "/protected",
      cookies: { access_token_cookie: c.token },
      headers: { "X-CSRF-TOKEN": c.csrf },
      body: form({ csrf_token: "6f1c1c43-0b8e-4d7c-9a55-3d1b3c2f0a11" }),
    }),
    expect: ok({ foo: "bar" }),
  },
  {
    name: "JWT_CSRF_CHECK_FORM: the header is read first (wrong header, right form field)",
    env: CSRF_FORM,
    setup: { token: mint() },
    request: (c) => ({
      method: "POST",
      path: "/protected",
      cookies: { access_token_cookie: c.token },
      headers: { "X-CSRF-TOKEN": "6f1c1c43-0b8e-4d7c-9a55-3d1b3c2f0a11" },
      body: form({ csrf_token: c.csrf }),
    }),
    expect: error(401, CSRF_MISMATCH),
  },
  {
    name: "JWT_CSRF_CHECK_FORM: a csrf_token key in a JSON body is not a form field",
    env: CSRF_FORM,
    setup: { token: mint() },
    request: (c) => ({
      method: "POST",
      path: "/protected",
      cookies: { access_token_cookie: c.token },
      body: json({ csrf_token: c.csrf }),
    }),
    expect: error(401, MISSING_CSRF),
  },
  {
    name: "JWT_CSRF_CHECK_FORM: POST /refresh reads the refresh CSRF value from the form",
    env: CSRF_FORM,
    setup: { loginWithCookies: true },
    request: (c) => ({
      method: "POST",
      path: "/refresh",
      cookies: c.cookies,
      body: form({ csrf_token: c.cookie("csrf_refresh_token") }),
    }),
    expect: { status: 200, satisfies: tokensBody("access_token") },
  },
  {
    name: "custom CSRF field names: the access field name is read",
    env: CSRF_FORM_FIELDS,
    setup: { token: mint() },
    request: (c) => ({
      method: "POST",
      path: "/protected",
      cookies: { access_token_cookie: c.token },
      body: form({ xsrf_access: c.csrf }),
    }),
    expect: ok({ foo: "bar" }),
  },
  {
    name: "custom CSRF field names: the default csrf_token field is not read",
    env: CSRF_FORM_FIELDS,
    setup: { token: mint() },
    request: (c) => ({
      method: "POST",
      path: "/protected",
      cookies: { access_token_cookie: c.token },
      body: form({ csrf_token: c.csrf }),
    }),
    expect: error(401, MISSING_CSRF),
  },
  {
    name: "custom CSRF field names: POST /refresh reads the refresh field from a multipart body",
    env: CSRF_FORM_FIELDS,
    setup: { loginWithCookies: true },
    request: (c) => ({
      method: "POST",
      path: "/refresh",
      cookies: c.cookies,
      body: multipartBody({ xsrf_refresh: c.cookie("csrf_refresh_token") }),
    }),
    expect: { status: 200, satisfies: tokensBody("access_token") },
  },
  // JWT_CSRF_METHODS
  {
    name: 'JWT_CSRF_METHODS ["GET"]: GET with a cookie needs the CSRF header',
    env: CSRF_GET_ONLY,
    setup: { token: mint() },
    request: cookieRequest("GET"),
    expect: error(401, MISSING_CSRF),
  },
  {
    name: 'JWT_CSRF_METHODS ["GET"]: GET with a cookie and the CSRF header is accepted',
    env: CSRF_GET_ONLY,
    setup: { token: mint() },
    request: cookieRequest("GET", (c) => c.csrf),
    expect: ok({ foo: "bar" }),
  },
  ...(["POST", "DELETE"] as const).map(
    (method): Scenario => ({
      name: `JWT_CSRF_METHODS ["GET"]: ${method} with a cookie needs no CSRF value`,
      env: CSRF_GET_ONLY,
      setup: { token: mint() },
      request: cookieRequest(method),
      expect: ok({ foo: "bar" }),
    }),
  ),
  // JWT_COOKIE_CSRF_PROTECT=false
  {
    name: "JWT_COOKIE_CSRF_PROTECT false: POST with a cookie needs no CSRF value",
    env: NO_CSRF,
    setup: { token: mint() },
    request: cookieRequest("POST"),
    expect: ok({ foo: "bar" }),
  },
  {
    name: "JWT_COOKIE_CSRF_PROTECT false: a cookie token without a csrf claim is accepted",
    env: NO_CSRF,
    setup: { token: mint({ csrf: undefined }) },
    request: cookieRequest("PATCH"),
    expect: ok({ foo: "bar" }),
  },
  {
    name: "JWT_COOKIE_CSRF_PROTECT false: POST /refresh with the refresh cookie needs no CSRF value",
    env: NO_CSRF,
    setup: { loginWithCookies: true },
    request: (c) => ({ method: "POST", path: "/refresh", cookies: c.cookies }),
    expect: { status: 200, satisfies: tokensBody("access_token") },
  },
  {
    name: "JWT_COOKIE_CSRF_PROTECT false: login_with_cookies sets only the two token cookies",
    env: NO_CSRF,
    request: { method: "POST", path: "/login_with_cookies" },
    expect: {
      status: 200,
      json: { msg: "login successful" },
      setCookies: loginCookies({ withCsrf: false }),
    },
  },
  {
    name: "JWT_COOKIE_CSRF_PROTECT false: logout_with_cookies unsets only the two token cookies",
    env: NO_CSRF,
    request: { method: "POST", path: "/logout_with_cookies" },
    expect: {
      status: 200,
      json: { msg: "logout successful" },
      setCookies: logoutCookies({ withCsrf: false }),
    },
  },
  {
    name: "JWT_COOKIE_CSRF_PROTECT false: tokens carry no csrf claim",
    env: NO_CSRF,
    request: { method: "POST", path: "/login_without_cookies" },
    expect: {
      status: 200,
      satisfies: tokenClaims("access_token", {
        order: ["fresh", "iat", "jti", "type", "sub", "nbf", "exp"],
        type: "access",
        fresh: true,
        lifetime: DEFAULT_ACCESS_LIFETIME,
        csrf: false,
      }),
    },
  },
  // JWT_CSRF_IN_COOKIES=false
  {
    name: "JWT_CSRF_IN_COOKIES false: login_with_cookies sets no CSRF cookies",
    env: CSRF_NOT_IN_COOKIES,
    request: { method: "POST", path: "/login_with_cookies" },
    expect: {
      status: 200,
      json: { msg: "login successful" },
      setCookies: loginCookies({ withCsrf: false }),
    },
  },
  {
    name: "JWT_CSRF_IN_COOKIES false: tokens still carry the csrf claim",
    env: CSRF_NOT_IN_COOKIES,
    request: { method: "POST", path: "/login_without_cookies" },
    expect: {
      status: 200,
      satisfies: tokenClaims("access_token", {
        order: ACCESS_ORDER,
        type: "access",
        fresh: true,
        lifetime: DEFAULT_ACCESS_LIFETIME,
      }),
    },
  },
  {
    name: "JWT_CSRF_IN_COOKIES false: a POST with a cookie still needs the CSRF header",
    env: CSRF_NOT_IN_COOKIES,
    setup: { token: mint() },
    request: cookieRequest("POST"),
    expect: error(401, MISSING_CSRF),
  },
  {
    name: "JWT_CSRF_IN_COOKIES false: a POST with a cookie and its CSRF value is accepted",
    env: CSRF_NOT_IN_COOKIES,
    setup: { token: mint() },
    request: cookieRequest("POST", (c) => c.csrf),
    expect: ok({ foo: "bar" }),
  },
];

// ---------------------------------------------------------------------------------------
// §3 — query string and JSON body

const queryAndJson: Scenario[] = [
  ...(["GET", "POST"] as const).map(
    (method): Scenario => ({
      name: `${method} /protected with ?jwt=<JWT> is accepted`,
      setup: { token: LOGIN_ACCESS },
      request: (c) => ({ method, path: "/protected", query: { jwt: c.token } }),
      expect: ok({ foo: "bar" }),
    }),
  ),
  {
    name: "a query token is decoded: an expired one is 401 Token has expired",
    setup: { token: EXPIRED_TOKEN },
    request: (c) => ({ method: "GET", path: "/protected", query: { jwt: c.token } }),
    expect: error(401, EXPIRED),
  },
  {
    name: "JWT_QUERY_STRING_VALUE_PREFIX: the value after the prefix is the token",
    env: QUERY_PREFIX,
    setup: { token: LOGIN_ACCESS },
    request: (c) => ({ method: "GET", path: "/protected", query: { jwt: `Bearer ${c.token}` } }),
    expect: ok({ foo: "bar" }),
  },
  {
    name: "JWT_QUERY_STRING_VALUE_PREFIX: a value without the prefix is 422",
    env: QUERY_PREFIX,
    setup: { token: LOGIN_ACCESS },
    request: (c) => ({ method: "GET", path: "/protected", query: { jwt: c.token } }),
    expect: error(
      422,
      "Invalid value for query parameter 'jwt'. Expected the value to start with 'Bearer '",
    ),
  },
  {
    name: "JWT_QUERY_STRING_VALUE_PREFIX: a missing parameter is still the missing reason",
    env: QUERY_PREFIX,
    request: { method: "GET", path: "/protected" },
    expect: error(401, missingAll()),
  },
  {
    name: "JWT_QUERY_STRING_VALUE_PREFIX: the prefix alone leaves an empty token, which is invalid",
    env: QUERY_PREFIX,
    request: { method: "GET", path: "/protected", query: { jwt: "Bearer " } },
    expect: anyError(422),
  },
  ...(
    [
      ["application/json", "POST"],
      ["application/json; charset=utf-8", "POST"],
      ["application/vnd.api+json", "POST"],
      ["application/json", "PUT"],
      ["application/json", "PATCH"],
      ["application/json", "DELETE"],
    ] as const
  ).map(
    ([contentType, method]): Scenario => ({
      name: `${method} with an access_token in a JSON body (${contentType}) is accepted`,
      setup: { token: LOGIN_ACCESS },
      request: (c) => ({
        method,
        path: "/protected",
        body: jsonRaw(JSON.stringify({ access_token: c.token }), contentType),
      }),
      expect: ok({ foo: "bar" }),
    }),
  ),
  {
    name: "a JSON body sent as text/plain is not read: invalid content-type reason",
    setup: { token: LOGIN_ACCESS },
    request: (c) => ({
      method: "POST",
      path: "/protected",
      body: jsonRaw(JSON.stringify({ access_token: c.token }), "text/plain"),
    }),
    expect: error(401, missingAll()),
  },
  {
    name: "an urlencoded access_token is not a JSON body: invalid content-type reason",
    setup: { token: LOGIN_ACCESS },
    request: (c) => ({ method: "POST", path: "/protected", body: form({ access_token: c.token }) }),
    expect: error(401, missingAll()),
  },
  {
    name: "POST /refresh with the refresh_token in a JSON body answers a new access token",
    setup: { token: LOGIN_REFRESH },
    request: (c) => ({ method: "POST", path: "/refresh", body: json({ refresh_token: c.token }) }),
    expect: { status: 200, satisfies: tokensBody("access_token") },
  },
  {
    name: "json only: GET without a body is the content-type reason alone",
    env: JSON_ONLY,
    request: { method: "GET", path: "/protected" },
    expect: error(401, BAD_CONTENT_TYPE),
  },
  {
    name: "json only: text/plain is the content-type reason alone",
    env: JSON_ONLY,
    request: { method: "POST", path: "/protected", body: jsonRaw("{}", "text/plain") },
    expect: error(401, BAD_CONTENT_TYPE),
  },
  ...(
    [
      ["an empty object", "{}"],
      ["an empty access_token", '{"access_token":""}'],
      ["unparsable JSON", "{"],
      ["an array", "[]"],
      ["null", "null"],
      ["a number", "42"],
      ["a string", '"eyJ.eyJ.sig"'],
    ] as const
  ).map(
    ([what, raw]): Scenario => ({
      name: `json only: a body that is ${what}: 401 missing access_token key`,
      env: JSON_ONLY,
      request: { method: "POST", path: "/protected", body: jsonRaw(raw) },
      expect: error(401, MISSING_JSON_KEY),
    }),
  ),
  {
    name: "json only: an access_token in an application/vnd.api+json body is accepted",
    env: JSON_ONLY,
    setup: { token: LOGIN_ACCESS },
    request: (c) => ({
      method: "POST",
      path: "/whoami",
      body: jsonRaw(JSON.stringify({ access_token: c.token }), "application/vnd.api+json"),
    }),
    expect: ok({ identity: DEMO_IDENTITY, type: "access", fresh: true }),
  },
  {
    name: "json only: POST /refresh with an empty object names the refresh_token key",
    env: JSON_ONLY,
    request: { method: "POST", path: "/refresh", body: json({}) },
    expect: error(401, MISSING_REFRESH_JSON_KEY),
  },
  // Custom names for every location
  {
    name: "custom names: the missing message names each configured cookie, key and parameter",
    env: CUSTOM_NAMES,
    request: { method: "POST", path: "/protected", body: json({}) },
    expect: error(
      401,
      missingAll({
        cookies: 'Missing cookie "my_access"',
        json: 'Missing "tok" key in json data.',
        query_string: "Missing 'token' query paramater",
      }),
    ),
  },
  {
    name: "custom names: POST /refresh names the refresh cookie and refresh key",
    env: CUSTOM_NAMES,
    request: { method: "POST", path: "/refresh", body: json({}) },
    expect: error(
      401,
      missingAll({
        cookies: 'Missing cookie "my_refresh"',
        json: 'Missing "rtok" key in json data.',
        query_string: "Missing 'token' query paramater",
      }),
    ),
  },
  {
    name: "custom names: login_with_cookies uses the configured cookie names",
    env: CUSTOM_NAMES,
    request: { method: "POST", path: "/login_with_cookies" },
    expect: {
      status: 200,
      json: { msg: "login successful" },
      setCookies: loginCookies({
        names: {
          access: "my_access",
          refresh: "my_refresh",
          accessCsrf: "my_csrf_access",
          refreshCsrf: "my_csrf_refresh",
        },
      }),
    },
  },
  {
    name: "custom names: the access CSRF header name is read",
    env: CUSTOM_NAMES,
    setup: { loginWithCookies: true },
    request: (c) => ({
      method: "POST",
      path: "/protected",
      cookies: c.cookies,
      headers: { "X-Access-Csrf": c.cookie("my_csrf_access") },
    }),
    expect: ok({ foo: "bar" }),
  },
  {
    name: "custom names: X-CSRF-TOKEN is not read when another header is configured",
    env: CUSTOM_NAMES,
    setup: { loginWithCookies: true },
    request: (c) => ({
      method: "POST",
      path: "/protected",
      cookies: c.cookies,
      headers: { "X-CSRF-TOKEN": c.cookie("my_csrf_access") },
    }),
    expect: error(401, MISSING_CSRF),
  },
  {
    name: "custom names: the refresh CSRF header name is read on /refresh",
    env: CUSTOM_NAMES,
    setup: { loginWithCookies: true },
    request: (c) => ({
      method: "POST",
      path: "/refresh",
      cookies: c.cookies,
      headers: { "X-Refresh-Csrf": c.cookie("my_csrf_refresh") },
    }),
    expect: { status: 200, satisfies: tokensBody("access_token") },
  },
  {
    name: "custom names: the configured query parameter is read",
    env: CUSTOM_NAMES,
    setup: { token: LOGIN_ACCESS },
    request: (c) => ({ method: "GET", path: "/protected", query: { token: c.token } }),
    expect: ok({ foo: "bar" }),
  },
  {
    name: "custom names: the configured JSON key is read",
    env: CUSTOM_NAMES,
    setup: { token: LOGIN_ACCESS },
    request: (c) => ({ method: "POST", path: "/protected", body: json({ tok: c.token }) }),
    expect: ok({ foo: "bar" }),
  },
  {
    name: "custom names: the configured refresh JSON key is read on /refresh",
    env: CUSTOM_NAMES,
    setup: { token: LOGIN_REFRESH },
    request: (c) => ({ method: "POST", path: "/refresh", body: json({ rtok: c.token }) }),
    expect: { status: 200, satisfies: tokensBody("access_token") },
  },
];

// ---------------------------------------------------------------------------------------
// §4 — after the token is found

const headerRequest =
  (path = "/protected", method = "GET") =>
  (c: Ctx): RequestSpec => ({ method, path, headers: bearer(c.token) });

const decoding: Scenario[] = [
  {
    name: "an expired token: 401 Token has expired",
    setup: { token: EXPIRED_TOKEN },
    request: headerRequest(),
    expect: error(401, EXPIRED),
  },
  {
    name: "a token that expired 10 seconds ago is expired without leeway",
    setup: { token: mint({ exp: fromNow(-10) }) },
    request: headerRequest(),
    expect: error(401, EXPIRED),
  },
  {
    name: "an expired refresh token on /refresh: 401 Token has expired",
    setup: { token: mint({ type: "refresh", iat: fromNow(-3600), exp: fromNow(-60) }) },
    request: headerRequest("/refresh", "POST"),
    expect: error(401, EXPIRED),
  },
  {
    name: "a token signed with another secret: 422",
    setup: { token: BAD_SIGNATURE },
    request: headerRequest(),
    expect: anyError(422),
  },
  {
    name: "a token with a tampered payload: 422",
    setup: { token: mint() },
    request: (c) => {
      const [head, , signature] = c.token.split(".");
      const payload = Buffer.from(JSON.stringify({ sub: "admin", type: "access" })).toString(
        "base64url",
      );
      return {
        method: "GET",
        path: "/protected",
        headers: bearer(`${head}.${payload}.${signature}`),
      };
    },
    expect: anyError(422),
  },
  {
    name: 'an unsigned token (alg "none"): 422',
    setup: { token: mint({}, { algorithm: "none" }) },
    request: headerRequest(),
    expect: anyError(422),
  },
  {
    name: "an HS512 token when only HS256 is allowed: 422",
    setup: { token: mint({}, { algorithm: "HS512" }) },
    request: headerRequest(),
    expect: anyError(422),
  },
  {
    name: "a token not yet valid (nbf in an hour): 422",
    setup: { token: mint({ nbf: fromNow(3600) }) },
    request: headerRequest(),
    expect: anyError(422),
  },
  {
    name: "a token without the identity claim: 422 Missing claim: sub",
    setup: { token: mint({ sub: undefined }) },
    request: headerRequest(),
    expect: error(422, "Missing claim: sub"),
  },
  {
    name: "a token whose sub is a number: 422",
    setup: { token: mint({ sub: 123 }) },
    request: headerRequest(),
    expect: anyError(422),
  },
  {
    name: "an aud claim is not checked when JWT_DECODE_AUDIENCE is unset",
    setup: { token: mint({ aud: "somebody-else" }) },
    request: headerRequest(),
    expect: ok({ foo: "bar" }),
  },
  {
    name: "a token without exp never expires",
    setup: { token: mint({ exp: undefined }) },
    request: headerRequest(),
    expect: ok({ foo: "bar" }),
  },
  {
    name: "a token without type or fresh reads as a non-fresh access token",
    setup: { token: mint({ type: undefined, fresh: undefined }) },
    request: headerRequest("/whoami"),
    expect: ok({ identity: DEMO_IDENTITY, type: "access", fresh: false }),
  },
  {
    // The demo revokes tokens (it has a store): a token it could not name in the store is refused.
    name: "a token without jti, where tokens are revocable: 422 Missing claim: jti",
    setup: { token: mint({ jti: undefined }) },
    request: headerRequest("/whoami"),
    expect: error(422, "Missing claim: jti"),
  },
  {
    name: "a token without type is an access token, refused by /refresh",
    setup: { token: mint({ type: undefined }) },
    request: headerRequest("/refresh", "POST"),
    expect: error(422, ONLY_REFRESH),
  },
  ...(["/protected", "/whoami", "/only_headers", "/optional"] as const).map(
    (path): Scenario => ({
      name: `a refresh token on ${path}: 422 Only non-refresh tokens are allowed`,
      setup: { token: LOGIN_REFRESH },
      request: headerRequest(path),
      expect: error(422, ONLY_ACCESS),
    }),
  ),
  {
    name: "order: a refresh token on /fresh is refused for its type before its freshness",
    setup: { token: LOGIN_REFRESH },
    request: headerRequest("/fresh"),
    expect: error(422, ONLY_ACCESS),
  },
  {
    name: "an access token on /refresh: 422 Only refresh tokens are allowed",
    setup: { token: LOGIN_ACCESS },
    request: headerRequest("/refresh", "POST"),
    expect: error(422, ONLY_REFRESH),
  },
  {
    name: "a minted refresh token on /refresh answers a new access token",
    setup: { token: REFRESH_TOKEN },
    request: headerRequest("/refresh", "POST"),
    expect: { status: 200, satisfies: tokensBody("access_token") },
  },
  // Freshness
  ...(
    [
      ["fresh false", mint({ fresh: false })],
      ["no fresh claim", mint({ fresh: undefined })],
      ["a fresh timestamp in the past", mint({ fresh: fromNow(-60) })],
    ] as const
  ).flatMap(([what, token]) =>
    (["GET", "POST"] as const).map(
      (method): Scenario => ({
        name: `${method} /fresh with ${what}: 401 Fresh token required`,
        setup: { token },
        request: headerRequest("/fresh", method),
        expect: error(401, FRESH_REQUIRED),
      }),
    ),
  ),
  {
    name: "/fresh with a fresh timestamp in the future is accepted",
    setup: { token: mint({ fresh: fromNow(600) }) },
    request: headerRequest("/fresh"),
    expect: ok({ foo: "fresh" }),
  },
  {
    name: "/fresh with fresh true is accepted",
    setup: { token: mint({ fresh: true }) },
    request: headerRequest("/fresh", "POST"),
    expect: ok({ foo: "fresh" }),
  },
  {
    name: "a non-fresh token is enough for /protected",
    setup: { token: mint({ fresh: false }) },
    request: headerRequest(),
    expect: ok({ foo: "bar" }),
  },
  // OPTIONS
  ...(["/protected", "/fresh", "/whoami", "/only_headers", "/refresh", "/optional"] as const).map(
    (path): Scenario => ({
      name: `OPTIONS ${path} without a token gets no JWT error`,
      request: { method: "OPTIONS", path },
      expect: noJwtError,
    }),
  ),
  {
    name: "OPTIONS /protected with an expired token gets no JWT error",
    setup: { token: EXPIRED_TOKEN },
    request: headerRequest("/protected", "OPTIONS"),
    expect: noJwtError,
  },
  {
    name: "OPTIONS /protected with a cookie and no CSRF header gets no JWT error",
    setup: { token: mint() },
    request: (c) => ({
      method: "OPTIONS",
      path: "/protected",
      cookies: { access_token_cookie: c.token },
    }),
    expect: noJwtError,
  },
  // optional
  {
    name: "/optional with an expired token: 401 Token has expired",
    setup: { token: EXPIRED_TOKEN },
    request: headerRequest("/optional"),
    expect: error(401, EXPIRED),
  },
  {
    name: "/optional with a badly signed token: 422",
    setup: { token: BAD_SIGNATURE },
    request: headerRequest("/optional"),
    expect: anyError(422),
  },
  {
    name: "/optional with a bad query token: 422",
    request: { method: "GET", path: "/optional", query: { jwt: "not-a-jwt" } },
    expect: anyError(422),
  },
  {
    name: "/optional with a cookie token answers its identity",
    setup: { token: mint({ sub: "cookie_user" }) },
    request: (c) => ({
      method: "GET",
      path: "/optional",
      cookies: { access_token_cookie: c.token },
    }),
    expect: ok({ identity: "cookie_user" }),
  },
  {
    name: "/optional with only a Basic Authorization header has no token: identity null",
    request: { method: "GET", path: "/optional", headers: { Authorization: "Basic dXNlcjpwYXNz" } },
    expect: ok({ identity: null }),
  },
  // Options that change decoding
  {
    name: "JWT_ERROR_MESSAGE_KEY: the missing-token error uses the configured key",
    env: ERROR_KEY,
    request: { method: "GET", path: "/protected" },
    expect: error(401, missingAll(), "error"),
  },
  {
    name: "JWT_ERROR_MESSAGE_KEY: the expired error uses the configured key",
    env: ERROR_KEY,
    setup: { token: EXPIRED_TOKEN },
    request: headerRequest(),
    expect: error(401, EXPIRED, "error"),
  },
  {
    name: "JWT_ERROR_MESSAGE_KEY: an invalid token error uses the configured key",
    env: ERROR_KEY,
    setup: { token: mint({}, { algorithm: "HS512" }) },
    request: headerRequest(),
    expect: anyError(422, "error"),
  },
  {
    name: "JWT_ERROR_MESSAGE_KEY: the wrong-type error uses the configured key",
    env: ERROR_KEY,
    setup: { token: REFRESH_TOKEN },
    request: headerRequest(),
    expect: error(422, ONLY_ACCESS, "error"),
  },
  {
    name: "JWT_ERROR_MESSAGE_KEY: the CSRF error uses the configured key",
    env: ERROR_KEY,
    setup: { token: mint() },
    request: cookieRequest("POST"),
    expect: error(401, MISSING_CSRF, "error"),
  },
  {
    name: "JWT_ERROR_MESSAGE_KEY: a valid token still answers the route",
    env: ERROR_KEY,
    setup: { token: LOGIN_ACCESS },
    request: headerRequest(),
    expect: ok({ foo: "bar" }),
  },
  {
    name: "JWT_IDENTITY_CLAIM: login tokens carry the identity in that claim instead of sub",
    env: IDENTITY_CLAIM,
    request: { method: "POST", path: "/login_without_cookies" },
    expect: {
      status: 200,
      satisfies: tokenClaims("access_token", {
        order: ["fresh", "iat", "jti", "type", "identity", "nbf", "csrf", "exp"],
        type: "access",
        fresh: true,
        lifetime: DEFAULT_ACCESS_LIFETIME,
        identityClaim: "identity",
      }),
    },
  },
  {
    name: "JWT_IDENTITY_CLAIM: /whoami reads the identity from that claim",
    env: IDENTITY_CLAIM,
    setup: { token: mint({ sub: undefined, identity: "claimed_user" }) },
    request: headerRequest("/whoami"),
    expect: ok({ identity: "claimed_user", type: "access", fresh: false }),
  },
  {
    name: "JWT_IDENTITY_CLAIM: a token with only sub: 422 Missing claim: identity",
    env: IDENTITY_CLAIM,
    setup: { token: mint() },
    request: headerRequest(),
    expect: error(422, "Missing claim: identity"),
  },
  {
    name: "JWT_ENCODE_AUDIENCE: login tokens carry aud before exp",
    env: AUDIENCE,
    request: { method: "POST", path: "/login_without_cookies" },
    expect: {
      status: 200,
      satisfies: tokenClaims("access_token", {
        order: ["fresh", "iat", "jti", "type", "sub", "nbf", "csrf", "aud", "exp"],
        type: "access",
        fresh: true,
        lifetime: DEFAULT_ACCESS_LIFETIME,
        extra: { aud: "my-audience" },
      }),
    },
  },
  {
    name: "JWT_DECODE_AUDIENCE: a token for that audience is accepted",
    env: AUDIENCE,
    setup: { token: LOGIN_ACCESS },
    request: headerRequest("/whoami"),
    expect: ok({ identity: DEMO_IDENTITY, type: "access", fresh: true }),
  },
  {
    name: "JWT_DECODE_AUDIENCE: a token for another audience: 422",
    env: AUDIENCE,
    setup: { token: mint({ aud: "other-audience" }) },
    request: headerRequest(),
    expect: anyError(422),
  },
  {
    name: "JWT_DECODE_AUDIENCE: a token without aud: 422",
    env: AUDIENCE,
    setup: { token: mint() },
    request: headerRequest(),
    expect: anyError(422),
  },
  {
    name: "JWT_ENCODE_ISSUER: login tokens carry iss before exp",
    env: ISSUER,
    request: { method: "POST", path: "/login_without_cookies" },
    expect: {
      status: 200,
      satisfies: tokenClaims("access_token", {
        order: ["fresh", "iat", "jti", "type", "sub", "nbf", "csrf", "iss", "exp"],
        type: "access",
        fresh: true,
        lifetime: DEFAULT_ACCESS_LIFETIME,
        extra: { iss: "my-issuer" },
      }),
    },
  },
  {
    name: "JWT_DECODE_ISSUER: a token from that issuer is accepted",
    env: ISSUER,
    setup: { token: LOGIN_ACCESS },
    request: headerRequest("/whoami"),
    expect: ok({ identity: DEMO_IDENTITY, type: "access", fresh: true }),
  },
  {
    name: "JWT_DECODE_ISSUER: a token from another issuer: 422",
    env: ISSUER,
    setup: { token: mint({ iss: "other-issuer" }) },
    request: headerRequest(),
    expect: anyError(422),
  },
  {
    name: "JWT_DECODE_ISSUER: a token without iss: 422",
    env: ISSUER,
    setup: { token: mint() },
    request: headerRequest(),
    expect: anyError(422),
  },
  {
    name: "JWT_DECODE_LEEWAY 30: a token expired 10 seconds ago is accepted",
    env: LEEWAY,
    setup: { token: mint({ iat: fromNow(-100), nbf: fromNow(-100), exp: fromNow(-10) }) },
    request: headerRequest(),
    expect: ok({ foo: "bar" }),
  },
  {
    name: "JWT_DECODE_LEEWAY 30: a token expired 2 minutes ago is expired",
    env: LEEWAY,
    setup: { token: mint({ iat: fromNow(-300), nbf: fromNow(-300), exp: fromNow(-120) }) },
    request: headerRequest(),
    expect: error(401, EXPIRED),
  },
  {
    name: "JWT_DECODE_LEEWAY 30: a token valid 10 seconds from now is accepted",
    env: LEEWAY,
    setup: { token: mint({ nbf: fromNow(10) }) },
    request: headerRequest(),
    expect: ok({ foo: "bar" }),
  },
  {
    name: "JWT_DECODE_LEEWAY 30: a token valid 2 minutes from now: 422",
    env: LEEWAY,
    setup: { token: mint({ nbf: fromNow(120) }) },
    request: headerRequest(),
    expect: anyError(422),
  },
  {
    name: "without leeway a token valid 10 seconds from now: 422",
    setup: { token: mint({ nbf: fromNow(10) }) },
    request: headerRequest(),
    expect: anyError(422),
  },
  {
    name: "a token issued in an hour (iat in the future): 422 The token is not yet valid (iat)",
    setup: { token: mint({ iat: fromNow(3600) }) },
    request: headerRequest(),
    expect: error(422, "The token is not yet valid (iat)"),
  },
  {
    name: "JWT_DECODE_LEEWAY 30: a token issued 10 seconds from now is accepted",
    env: LEEWAY,
    setup: { token: mint({ iat: fromNow(10) }) },
    request: headerRequest(),
    expect: ok({ foo: "bar" }),
  },
  {
    name: "JWT_DECODE_LEEWAY 30: a token issued 2 minutes from now: 422 not yet valid (iat)",
    env: LEEWAY,
    setup: { token: mint({ iat: fromNow(120) }) },
    request: headerRequest(),
    expect: error(422, "The token is not yet valid (iat)"),
  },
  {
    name: "JWT_ACCESS_TOKEN_EXPIRES false: login access tokens have no exp",
    env: NEVER_EXPIRES,
    request: { method: "POST", path: "/login_without_cookies" },
    expect: {
      status: 200,
      satisfies: tokenClaims("access_token", {
        order: ["fresh", "iat", "jti", "type", "sub", "nbf", "csrf"],
        type: "access",
        fresh: true,
        lifetime: null,
      }),
    },
  },
  {
    name: "JWT_ACCESS_TOKEN_EXPIRES false: refresh tokens still expire after 30 days",
    env: NEVER_EXPIRES,
    request: { method: "POST", path: "/login_without_cookies" },
    expect: {
      status: 200,
      satisfies: tokenClaims("refresh_token", {
        order: ACCESS_ORDER,
        type: "refresh",
        fresh: false,
        lifetime: DEFAULT_REFRESH_LIFETIME,
      }),
    },
  },
  {
    name: "JWT_ACCESS_TOKEN_EXPIRES false: the token without exp is accepted",
    env: NEVER_EXPIRES,
    setup: { token: LOGIN_ACCESS },
    request: headerRequest("/whoami"),
    expect: ok({ identity: DEMO_IDENTITY, type: "access", fresh: true }),
  },
  {
    name: "JWT_ACCESS_TOKEN_EXPIRES 60: login access tokens live 60 seconds",
    env: SHORT_EXPIRIES,
    request: { method: "POST", path: "/login_without_cookies" },
    expect: {
      status: 200,
      satisfies: tokenClaims("access_token", {
        order: ACCESS_ORDER,
        type: "access",
        fresh: true,
        lifetime: 60,
      }),
    },
  },
  {
    name: "JWT_REFRESH_TOKEN_EXPIRES 120: login refresh tokens live 120 seconds",
    env: SHORT_EXPIRIES,
    request: { method: "POST", path: "/login_without_cookies" },
    expect: {
      status: 200,
      satisfies: tokenClaims("refresh_token", {
        order: ACCESS_ORDER,
        type: "refresh",
        fresh: false,
        lifetime: 120,
      }),
    },
  },
  {
    name: "JWT_ACCESS_TOKEN_EXPIRES 60: the access token from /refresh lives 60 seconds",
    env: SHORT_EXPIRIES,
    setup: { token: LOGIN_REFRESH },
    request: headerRequest("/refresh", "POST"),
    expect: {
      status: 200,
      satisfies: tokenClaims("access_token", {
        order: ACCESS_ORDER,
        type: "access",
        fresh: false,
        lifetime: 60,
      }),
    },
  },
  {
    name: "JWT_DECODE_ALGORITHMS: an HS512 token is accepted when HS512 is listed",
    env: TWO_ALGORITHMS,
    setup: { token: mint({}, { algorithm: "HS512" }) },
    request: headerRequest(),
    expect: ok({ foo: "bar" }),
  },
  {
    name: "JWT_DECODE_ALGORITHMS: the signing algorithm HS256 stays allowed",
    env: TWO_ALGORITHMS,
    setup: { token: LOGIN_ACCESS },
    request: headerRequest(),
    expect: ok({ foo: "bar" }),
  },
  {
    name: "JWT_DECODE_ALGORITHMS: an HS384 token outside the list: 422",
    env: TWO_ALGORITHMS,
    setup: { token: mint({}, { algorithm: "HS384" }) },
    request: headerRequest(),
    expect: anyError(422),
  },
  {
    name: "JWT_DECODE_ALGORITHMS: an unsigned token stays invalid",
    env: TWO_ALGORITHMS,
    setup: { token: mint({}, { algorithm: "none" }) },
    request: headerRequest(),
    expect: anyError(422),
  },
  {
    name: "JWT_ENCODE_NBF false: login tokens carry no nbf",
    env: NO_NBF,
    request: { method: "POST", path: "/login_without_cookies" },
    expect: {
      status: 200,
      satisfies: tokenClaims("access_token", {
        order: ["fresh", "iat", "jti", "type", "sub", "csrf", "exp"],
        type: "access",
        fresh: true,
        lifetime: DEFAULT_ACCESS_LIFETIME,
        nbf: false,
      }),
    },
  },
  {
    name: "JWT_VERIFY_SUB false: a numeric sub is accepted as the identity",
    env: NO_VERIFY_SUB,
    setup: { token: mint({ sub: 123 }) },
    request: headerRequest("/whoami"),
    expect: ok({ identity: 123, type: "access", fresh: false }),
  },
];

// ---------------------------------------------------------------------------------------
// §5 — cookies written

const COOKIE_ATTRIBUTE_OPTIONS: CookieOptions = {
  paths: {
    access: "/api/",
    refresh: "/refresh",
    accessCsrf: "/csrf/access",
    refreshCsrf: "/csrf/refresh",
  },
  common: { domain: "example.test", secure: true, samesite: "Strict" },
};

const cookiesWritten: Scenario[] = [
  {
    name: "cookie options: login cookies carry their own Path and the Domain, Secure and SameSite options",
    env: COOKIE_ATTRIBUTES,
    request: { method: "POST", path: "/login_with_cookies" },
    expect: {
      status: 200,
      json: { msg: "login successful" },
      setCookies: loginCookies(COOKIE_ATTRIBUTE_OPTIONS),
    },
  },
  {
    name: "cookie options: logout unsets each cookie with the same Path, Domain, Secure and SameSite",
    env: COOKIE_ATTRIBUTES,
    request: { method: "POST", path: "/logout_with_cookies" },
    expect: {
      status: 200,
      json: { msg: "logout successful" },
      setCookies: logoutCookies(COOKIE_ATTRIBUTE_OPTIONS),
    },
  },
  {
    name: "cookie options: the login cookies authorize a POST with the CSRF header",
    env: COOKIE_ATTRIBUTES,
    setup: { loginWithCookies: true },
    request: (c) => ({
      method: "POST",
      path: "/whoami",
      cookies: c.cookies,
      headers: { "X-CSRF-TOKEN": c.cookie("csrf_access_token") },
    }),
    expect: ok({ identity: DEMO_IDENTITY, type: "access", fresh: true }),
  },
  {
    name: "JWT_SESSION_COOKIE false: login cookies get Max-Age 31540000",
    env: PERSISTENT_COOKIES,
    request: { method: "POST", path: "/login_with_cookies" },
    expect: {
      status: 200,
      json: { msg: "login successful" },
      setCookies: loginCookies({ common: { "max-age": "31540000", samesite: "Lax" } }),
    },
  },
  {
    name: "JWT_SESSION_COOKIE false: logout still expires every cookie",
    env: PERSISTENT_COOKIES,
    request: { method: "POST", path: "/logout_with_cookies" },
    expect: {
      status: 200,
      json: { msg: "logout successful" },
      setCookies: logoutCookies({ common: { "max-age": "31540000", samesite: "Lax" } }),
    },
  },
  {
    name: "JWT_ERROR_MESSAGE_KEY does not change the login answer",
    env: ERROR_KEY,
    request: { method: "POST", path: "/login_with_cookies" },
    expect: { status: 200, json: { msg: "login successful" }, setCookies: loginCookies() },
  },
];

// ---------------------------------------------------------------------------------------
// Never a 5xx: malformed input answers a 4xx JSON error

const malformedTokens: ReadonlyArray<readonly [string, string]> = [
  ["two segments", "a.b"],
  ["only dots", "..."],
  ["four segments", "a.b.c.d"],
  ["non-base64 segments", "!!!.@@@.###"],
  ["segments that are not JSON", "eyJ.eyJ.sig"],
  ["a header that is not JSON", signRaw("not json", '{"sub":"example_user"}')],
  ["a payload that is not JSON", signRaw('{"alg":"HS256","typ":"JWT"}', "not json")],
  ["a payload that is an array", signRaw('{"alg":"HS256","typ":"JWT"}', '["sub"]')],
  ["a payload that is a number", signRaw('{"alg":"HS256","typ":"JWT"}', "42")],
  ["a payload that is null", signRaw('{"alg":"HS256","typ":"JWT"}', "null")],
  [
    "an exp that is a string",
    signRaw('{"alg":"HS256","typ":"JWT"}', '{"sub":"example_user","exp":"tomorrow"}'),
  ],
  [
    "an nbf that is a string",
    signRaw('{"alg":"HS256","typ":"JWT"}', '{"sub":"example_user","nbf":"yesterday"}'),
  ],
  ["a header without alg", signRaw('{"typ":"JWT"}', `{"sub":"example_user","type":"access"}`)],
  ["a 12 KB junk value", "a".repeat(12 * 1024)],
];

const neverServerError: Scenario[] = [
  ...malformedTokens.map(
    ([what, token]): Scenario => ({
      name: `never a 5xx: a header token with ${what}`,
      request: { method: "GET", path: "/protected", headers: bearer(token) },
      expect: anyError("4xx"),
    }),
  ),
  ...malformedTokens.slice(0, 6).map(
    ([what, token]): Scenario => ({
      name: `never a 5xx: a cookie token with ${what}`,
      request: { method: "GET", path: "/protected", cookies: { access_token_cookie: token } },
      expect: anyError("4xx"),
    }),
  ),
  {
    // Past Node's default 16 KB header limit the HTTP server itself may answer 431 before
    // any application code runs: only a 4xx is required here.
    name: "never a 5xx: a 20 KB Authorization header",
    request: { method: "GET", path: "/protected", headers: bearer("a".repeat(20 * 1024)) },
    expect: { status: "4xx" },
  },
  {
    name: "never a 5xx: a 20 KB token in a JSON body",
    request: {
      method: "POST",
      path: "/protected",
      body: json({ access_token: "a".repeat(20 * 1024) }),
    },
    expect: anyError("4xx"),
  },
  ...(
    [
      ["a value with two dots", "jwt=a.b"],
      ["invalid percent escapes", "jwt=%ZZ%"],
      ["percent-encoded bytes that are not UTF-8", "jwt=%FF%FE%FD"],
      ["a truncated percent escape", "jwt=%E0%A4%A"],
      ["the parameter twice", "jwt=a.b.c&jwt=d.e.f"],
      ["an array parameter", "jwt[]=a.b.c&jwt[]=d.e.f"],
      ["an object parameter", "jwt[key]=a.b.c"],
    ] as const
  ).map(
    ([what, query]): Scenario => ({
      name: `never a 5xx: a query string with ${what}`,
      request: { method: "GET", path: "/protected", query },
      expect: anyError("4xx"),
    }),
  ),
  ...(
    [
      ["unparsable JSON", "{"],
      ["an array", "[]"],
      ["null", "null"],
      ["a number", "123"],
      ["a string", '"text"'],
      ["true", "true"],
      ["an empty body", ""],
      ["a numeric access_token", '{"access_token":123}'],
      ["an object access_token", '{"access_token":{"a":1}}'],
      ["an array access_token", '{"access_token":["a.b.c"]}'],
      ["a null access_token", '{"access_token":null}'],
      ["a boolean access_token", '{"access_token":true}'],
      ["a __proto__ key", '{"__proto__":{"access_token":"a.b.c"}}'],
      ["a byte order mark", "\uFEFF{}"],
      ["deep nesting", `${"[".repeat(5000)}${"]".repeat(5000)}`],
    ] as const
  ).map(
    ([what, raw]): Scenario => ({
      name: `never a 5xx: a JSON body that is ${what}`,
      request: { method: "POST", path: "/protected", body: jsonRaw(raw) },
      expect: anyError("4xx"),
    }),
  ),
  {
    name: "never a 5xx: a JSON body in a charset the server cannot read",
    request: {
      method: "POST",
      path: "/protected",
      body: jsonRaw('{"access_token":"a.b.c"}', "application/json; charset=utf-16"),
    },
    expect: anyError("4xx"),
  },
  {
    name: "never a 5xx: a refresh JSON body with a numeric refresh_token",
    request: { method: "POST", path: "/refresh", body: jsonRaw('{"refresh_token":42}') },
    expect: anyError("4xx"),
  },
  ...(
    [
      ["a bad percent encoding", "access_token_cookie=%E0%A4%A"],
      ["a quoted value", 'access_token_cookie="a.b.c"'],
      ["no equals sign", "access_token_cookie"],
      ["only separators", ";;; ;="],
      ["the cookie twice", "access_token_cookie=a.b.c; access_token_cookie=d.e.f"],
    ] as const
  ).map(
    ([what, cookie]): Scenario => ({
      name: `never a 5xx: a Cookie header with ${what}`,
      request: { method: "GET", path: "/protected", headers: { Cookie: cookie } },
      expect: anyError("4xx"),
    }),
  ),
  {
    name: "never a 5xx: a Cookie header with bytes that are not UTF-8",
    request: {
      method: "GET",
      path: "/protected",
      rawHeaders: [["Cookie", "access_token_cookie=\xff\xfe\xfd"]],
    },
    expect: anyError("4xx"),
  },
  {
    name: "never a 5xx: an Authorization header with bytes that are not UTF-8",
    request: {
      method: "GET",
      path: "/protected",
      rawHeaders: [["Authorization", "Bearer \xff\xfe.\xfd.\xfc"]],
    },
    expect: anyError("4xx"),
  },
  {
    name: "never a 5xx: two Authorization headers",
    request: {
      method: "GET",
      path: "/protected",
      rawHeaders: [
        ["Authorization", "Bearer a.b.c"],
        ["Authorization", "Bearer d.e.f"],
      ],
    },
    expect: anyError("4xx"),
  },
  {
    name: "never a 5xx: two X-CSRF-TOKEN headers with a cookie token",
    setup: { token: mint() },
    request: (c) => ({
      method: "POST",
      path: "/protected",
      rawHeaders: [
        ["Cookie", `access_token_cookie=${c.token}`],
        ["X-CSRF-TOKEN", "one"],
        ["X-CSRF-TOKEN", "two"],
      ],
    }),
    expect: anyError("4xx"),
  },
  {
    name: "never a 5xx: a fresh claim that is a string on /fresh",
    setup: { token: mint({ fresh: "yes" }) },
    request: headerRequest("/fresh"),
    expect: { status: "not-5xx", satisfies: jsonObject },
  },
  {
    name: "never a 5xx: a csrf claim that is a number",
    setup: { token: mint({ csrf: 12345 }) },
    request: cookieRequest("POST", () => "12345"),
    expect: { status: "not-5xx", satisfies: jsonObject },
  },
  ...(
    [
      ["a multipart body without a boundary", "multipart/form-data", "csrf_token=x"],
      ["a malformed multipart body", "multipart/form-data; boundary=XyZ", "garbage\r\n--XyZ"],
      [
        "an urlencoded body with bad escapes",
        "application/x-www-form-urlencoded",
        "csrf_token=%ZZ",
      ],
    ] as const
  ).map(
    ([what, contentType, raw]): Scenario => ({
      name: `never a 5xx: JWT_CSRF_CHECK_FORM with ${what}`,
      env: CSRF_FORM,
      setup: { token: mint() },
      request: (c) => ({
        method: "POST",
        path: "/protected",
        cookies: { access_token_cookie: c.token },
        body: { contentType, raw },
      }),
      expect: anyError("4xx"),
    }),
  ),
];

/** The whole table. */
export const scenarios: readonly Scenario[] = [
  ...routes,
  ...missing,
  ...headers,
  ...cookies,
  ...queryAndJson,
  ...decoding,
  ...cookiesWritten,
  ...neverServerError,
];
