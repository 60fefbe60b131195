/**
 * §4 — options that change decoding and minting: error key, identity claim, audience, issuer, leeway, lifetimes, algorithms, nbf, sub.
 */
import { DEMO_IDENTITY, fromNow } from "../../helpers/tokens.ts";
import {
  AUDIENCE,
  ERROR_KEY,
  IDENTITY_CLAIM,
  ISSUER,
  LEEWAY,
  NEVER_EXPIRES,
  NO_NBF,
  NO_VERIFY_SUB,
  SHORT_EXPIRIES,
  TWO_ALGORITHMS,
} from "./environments.ts";
import { anyError, error, ok } from "./expectations.ts";
import { EXPIRED, MISSING_CSRF, missingAll, ONLY_ACCESS } from "./messages.ts";
import { cookieRequest, headerRequest } from "./requests.ts";
import type { Scenario } from "./table.ts";
import {
  ACCESS_ORDER,
  DEFAULT_ACCESS_LIFETIME,
  DEFAULT_REFRESH_LIFETIME,
  EXPIRED_TOKEN,
  LOGIN_ACCESS,
  LOGIN_REFRESH,
  mint,
  REFRESH_TOKEN,
  tokenClaims,
} from "./tokens.ts";

export const decodingOptions: Scenario[] = [
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
