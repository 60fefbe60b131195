/**
 * §3 — the CSRF options: form fields, field names, methods, protection off, no CSRF cookies.
 */
import { multipartBody } from "../../helpers/http.ts";
import { loginCookies, logoutCookies } from "./cookie-expectations.ts";
import {
  CSRF_FORM,
  CSRF_FORM_FIELDS,
  CSRF_GET_ONLY,
  CSRF_NOT_IN_COOKIES,
  NO_CSRF,
} from "./environments.ts";
import { error, ok } from "./expectations.ts";
import { CSRF_MISMATCH, MISSING_CSRF } from "./messages.ts";
import { cookieBodyRequest, cookieRequest, form, json, loginCookiesPost } from "./requests.ts";
import type { Scenario } from "./table.ts";
import { ACCESS_ORDER, DEFAULT_ACCESS_LIFETIME, mint, tokenClaims, tokensBody } from "./tokens.ts";

export const csrf: Scenario[] = [
  // JWT_CSRF_CHECK_FORM
  {
    name: "JWT_CSRF_CHECK_FORM: the CSRF value in an urlencoded csrf_token field is accepted",
    env: CSRF_FORM,
    setup: { token: mint() },
    request: cookieBodyRequest((c) => form({ csrf_token: c.csrf })),
    expect: ok({ foo: "bar" }),
  },
  {
    name: "JWT_CSRF_CHECK_FORM: the CSRF value in a multipart csrf_token field is accepted",
    env: CSRF_FORM,
    setup: { token: mint() },
    request: cookieBodyRequest((c) => multipartBody({ note: "hello", csrf_token: c.csrf })),
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
    request: cookieBodyRequest(() => form({ csrf_token: "6f1c1c43-0b8e-4d7c-9a55-3d1b3c2f0a11" })),
    expect: error(401, CSRF_MISMATCH),
  },
  {
    name: "JWT_CSRF_CHECK_FORM: a form without the field is a missing CSRF token",
    env: CSRF_FORM,
    setup: { token: mint() },
    request: cookieBodyRequest(() => form({ other: "1" })),
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
    request: cookieBodyRequest((c) => json({ csrf_token: c.csrf })),
    expect: error(401, MISSING_CSRF),
  },
  {
    name: "JWT_CSRF_CHECK_FORM: POST /refresh reads the refresh CSRF value from the form",
    env: CSRF_FORM,
    setup: { loginWithCookies: true },
    request: loginCookiesPost("/refresh", (c) => ({
      body: form({ csrf_token: c.cookie("csrf_refresh_token") }),
    })),
    expect: { status: 200, satisfies: tokensBody("access_token") },
  },
  {
    name: "custom CSRF field names: the access field name is read",
    env: CSRF_FORM_FIELDS,
    setup: { token: mint() },
    request: cookieBodyRequest((c) => form({ xsrf_access: c.csrf })),
    expect: ok({ foo: "bar" }),
  },
  {
    name: "custom CSRF field names: the default csrf_token field is not read",
    env: CSRF_FORM_FIELDS,
    setup: { token: mint() },
    request: cookieBodyRequest((c) => form({ csrf_token: c.csrf })),
    expect: error(401, MISSING_CSRF),
  },
  {
    name: "custom CSRF field names: POST /refresh reads the refresh field from a multipart body",
    env: CSRF_FORM_FIELDS,
    setup: { loginWithCookies: true },
    request: loginCookiesPost("/refresh", (c) => ({
      body: multipartBody({ xsrf_refresh: c.cookie("csrf_refresh_token") }),
    })),
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
