/** §4 — routes where the token is optional. */
import { anyError, error, ok } from "./expectations.ts";
import { EXPIRED } from "./messages.ts";
import { headerRequest } from "./requests.ts";
import type { Scenario } from "./table.ts";
import { BAD_SIGNATURE, EXPIRED_TOKEN, mint } from "./tokens.ts";

export const optional: Scenario[] = [
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
];
