/** §3 — no token anywhere, and the combined missing-token message. */
import { bearer } from "../../helpers/bearer.ts";
import { HEADERS_ONLY, QUERY_THEN_HEADERS, THREE_LOCATIONS } from "./environments.ts";
import { anyError, error, ok } from "./expectations.ts";
import {
  EXPIRED,
  MISSING_BEARER,
  MISSING_COOKIE,
  MISSING_HEADER,
  MISSING_JSON_KEY,
  MISSING_QUERY,
  MISSING_REFRESH_COOKIE,
  MISSING_REFRESH_JSON_KEY,
  missingAll,
  missingJwt,
} from "./messages.ts";
import { json } from "./requests.ts";
import type { Scenario } from "./table.ts";
import { BAD_SIGNATURE, EXPIRED_TOKEN, LOGIN_ACCESS, LOGIN_REFRESH, mint } from "./tokens.ts";

export const missing: Scenario[] = [
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
