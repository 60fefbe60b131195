/** §4 — after the token is found: expiry, signature, claims and token type. */
import { bearer } from "../../helpers/bearer.ts";
import { DEMO_IDENTITY, fromNow } from "../../helpers/tokens.ts";
import { anyError, error, ok } from "./expectations.ts";
import { EXPIRED, ONLY_ACCESS, ONLY_REFRESH } from "./messages.ts";
import { headerRequest } from "./requests.ts";
import type { Scenario } from "./table.ts";
import {
  BAD_SIGNATURE,
  EXPIRED_TOKEN,
  LOGIN_ACCESS,
  LOGIN_REFRESH,
  mint,
  REFRESH_TOKEN,
  tokensBody,
} from "./tokens.ts";

export const decoding: Scenario[] = [
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
];
