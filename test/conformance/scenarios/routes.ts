/** §7 — the demo's routes answer as the contract describes. */
import { bearer } from "../../helpers/bearer.ts";
import { DEMO_IDENTITY } from "../../helpers/tokens.ts";
import { loginCookies, logoutCookies } from "./cookie-expectations.ts";
import { error, ok } from "./expectations.ts";
import { FRESH_REQUIRED } from "./messages.ts";
import { loginCookiesPost } from "./requests.ts";
import type { Scenario } from "./table.ts";
import {
  ACCESS_ORDER,
  DEFAULT_ACCESS_LIFETIME,
  DEFAULT_REFRESH_LIFETIME,
  LOGIN_ACCESS,
  LOGIN_REFRESH,
  REFRESHED,
  tokenClaims,
  tokensBody,
} from "./tokens.ts";

export const routes: Scenario[] = [
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
    request: loginCookiesPost("/protected", (c) => ({
      headers: { "X-CSRF-TOKEN": c.cookie("csrf_access_token") },
    })),
    expect: ok({ foo: "bar" }),
  },
  {
    name: "the refresh cookie refreshes with the X-CSRF-TOKEN header from csrf_refresh_token",
    setup: { loginWithCookies: true },
    request: loginCookiesPost("/refresh", (c) => ({
      headers: { "X-CSRF-TOKEN": c.cookie("csrf_refresh_token") },
    })),
    expect: { status: 200, satisfies: tokensBody("access_token") },
  },
];
