/** §3 — tokens in the query string. */
import { QUERY_PREFIX } from "./environments.ts";
import { anyError, error, ok } from "./expectations.ts";
import { EXPIRED, missingAll } from "./messages.ts";
import type { Scenario } from "./table.ts";
import { EXPIRED_TOKEN, LOGIN_ACCESS } from "./tokens.ts";

export const queryString: Scenario[] = [
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
];
