/** §3 — tokens in the Authorization header (and a configured header name and type). */
import { bearer } from "../../helpers/bearer.ts";
import { EMPTY_HEADER_TYPE, HEADER_NAME, JWT_HEADER_TYPE } from "./environments.ts";
import { error, ok } from "./expectations.ts";
import { BAD_BEARER_HEADER, MISSING_BEARER, missingAll } from "./messages.ts";
import type { Ctx, RequestSpec, Scenario } from "./table.ts";
import { LOGIN_ACCESS } from "./tokens.ts";

const headerValue = (value: (token: string) => string, path = "/only_headers") =>
  ((c: Ctx) => ({
    method: "GET",
    path,
    headers: { Authorization: value(c.token) },
  })) satisfies (c: Ctx) => RequestSpec;

export const headers: Scenario[] = [
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
