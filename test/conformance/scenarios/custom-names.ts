/** §3 — configured names for every location's cookie, key, parameter and CSRF header. */
import { loginCookies } from "./cookie-expectations.ts";
import { CUSTOM_NAMES } from "./environments.ts";
import { error, ok } from "./expectations.ts";
import { MISSING_CSRF, missingAll } from "./messages.ts";
import { json, loginCookiesPost } from "./requests.ts";
import type { Scenario } from "./table.ts";
import { LOGIN_ACCESS, LOGIN_REFRESH, tokensBody } from "./tokens.ts";

export const customNames: Scenario[] = [
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
    request: loginCookiesPost("/protected", (c) => ({
      headers: { "X-Access-Csrf": c.cookie("my_csrf_access") },
    })),
    expect: ok({ foo: "bar" }),
  },
  {
    name: "custom names: X-CSRF-TOKEN is not read when another header is configured",
    env: CUSTOM_NAMES,
    setup: { loginWithCookies: true },
    request: loginCookiesPost("/protected", (c) => ({
      headers: { "X-CSRF-TOKEN": c.cookie("my_csrf_access") },
    })),
    expect: error(401, MISSING_CSRF),
  },
  {
    name: "custom names: the refresh CSRF header name is read on /refresh",
    env: CUSTOM_NAMES,
    setup: { loginWithCookies: true },
    request: loginCookiesPost("/refresh", (c) => ({
      headers: { "X-Refresh-Csrf": c.cookie("my_csrf_refresh") },
    })),
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
