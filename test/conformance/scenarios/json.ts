/** §3 — tokens in a JSON body. */
import { DEMO_IDENTITY } from "../../helpers/tokens.ts";
import { JSON_ONLY } from "./environments.ts";
import { error, ok } from "./expectations.ts";
import {
  BAD_CONTENT_TYPE,
  MISSING_JSON_KEY,
  MISSING_REFRESH_JSON_KEY,
  missingAll,
} from "./messages.ts";
import { form, json, jsonRaw } from "./requests.ts";
import type { Scenario } from "./table.ts";
import { LOGIN_ACCESS, LOGIN_REFRESH, tokensBody } from "./tokens.ts";

export const jsonBody: Scenario[] = [
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
];
