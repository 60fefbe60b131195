/** §3 — tokens in cookies, checked by the CSRF double submit. */
import { fromNow } from "../../helpers/tokens.ts";
import { COOKIES_ONLY } from "./environments.ts";
import { anyError, error, ok } from "./expectations.ts";
import {
  CSRF_MISMATCH,
  EXPIRED,
  MISSING_COOKIE,
  MISSING_CSRF,
  MISSING_CSRF_CLAIM,
  MISSING_REFRESH_COOKIE,
  ONLY_ACCESS,
} from "./messages.ts";
import { cookieBodyRequest, cookieRequest, form, loginCookiesPost } from "./requests.ts";
import type { Scenario } from "./table.ts";
import { BAD_SIGNATURE, EXPIRED_TOKEN, mint, REFRESH_TOKEN } from "./tokens.ts";

export const cookies: Scenario[] = [
  {
    name: "GET with only an access cookie needs no CSRF value",
    setup: { token: mint() },
    request: cookieRequest("GET"),
    expect: ok({ foo: "bar" }),
  },
  ...(["POST", "PUT", "PATCH", "DELETE"] as const).map(
    (method): Scenario => ({
      name: `${method} with an access cookie and no CSRF header: 401 Missing CSRF token`,
      setup: { token: mint() },
      request: cookieRequest(method),
      expect: error(401, MISSING_CSRF),
    }),
  ),
  ...(["POST", "PUT", "PATCH", "DELETE"] as const).map(
    (method): Scenario => ({
      name: `${method} with an access cookie and the matching X-CSRF-TOKEN header is accepted`,
      setup: { token: mint() },
      request: cookieRequest(method, (c) => c.csrf),
      expect: ok({ foo: "bar" }),
    }),
  ),
  {
    name: "an empty X-CSRF-TOKEN header is a missing CSRF token",
    setup: { token: mint() },
    request: cookieRequest("POST", () => ""),
    expect: error(401, MISSING_CSRF),
  },
  {
    name: "a different X-CSRF-TOKEN value: 401 double submit tokens do not match",
    setup: { token: mint() },
    request: cookieRequest("POST", () => "6f1c1c43-0b8e-4d7c-9a55-3d1b3c2f0a11"),
    expect: error(401, CSRF_MISMATCH),
  },
  {
    name: "the CSRF comparison is exact: the claim in upper case does not match",
    setup: { token: mint({ csrf: "6f1c1c43-0b8e-4d7c-9a55-3d1b3c2f0a11" }) },
    request: cookieRequest("POST", () => "6F1C1C43-0B8E-4D7C-9A55-3D1B3C2F0A11"),
    expect: error(401, CSRF_MISMATCH),
  },
  {
    name: "a cookie token without a csrf claim and a CSRF header: 422 Missing claim: csrf",
    setup: { token: mint({ csrf: undefined }) },
    request: cookieRequest("POST", () => "6f1c1c43-0b8e-4d7c-9a55-3d1b3c2f0a11"),
    expect: error(422, MISSING_CSRF_CLAIM),
  },
  {
    name: "a cookie token without a csrf claim and no CSRF header: the missing header is reported first",
    setup: { token: mint({ csrf: undefined }) },
    request: cookieRequest("POST"),
    expect: error(401, MISSING_CSRF),
  },
  {
    name: "the refresh CSRF cookie's value does not pass for the access cookie",
    setup: { loginWithCookies: true },
    request: loginCookiesPost("/protected", (c) => ({
      headers: { "X-CSRF-TOKEN": c.cookie("csrf_refresh_token") },
    })),
    expect: error(401, CSRF_MISMATCH),
  },
  {
    name: "POST /refresh with the refresh cookie and no CSRF header: 401 Missing CSRF token",
    setup: { loginWithCookies: true },
    request: (c) => ({ method: "POST", path: "/refresh", cookies: c.cookies }),
    expect: error(401, MISSING_CSRF),
  },
  {
    name: "POST /refresh with the access CSRF value: 401 double submit tokens do not match",
    setup: { loginWithCookies: true },
    request: loginCookiesPost("/refresh", (c) => ({
      headers: { "X-CSRF-TOKEN": c.cookie("csrf_access_token") },
    })),
    expect: error(401, CSRF_MISMATCH),
  },
  {
    name: "a CSRF value in a form field is not read unless JWT_CSRF_CHECK_FORM",
    setup: { token: mint() },
    request: cookieBodyRequest((c) => form({ csrf_token: c.csrf })),
    expect: error(401, MISSING_CSRF),
  },
  {
    name: "order: an expired cookie token is reported before a CSRF mismatch",
    setup: { token: EXPIRED_TOKEN },
    request: cookieRequest("POST", () => "6f1c1c43-0b8e-4d7c-9a55-3d1b3c2f0a11"),
    expect: error(401, EXPIRED),
  },
  {
    name: "order: an expired cookie token without a csrf claim is reported as expired",
    setup: {
      token: mint({ csrf: undefined, iat: fromNow(-3600), nbf: fromNow(-3600), exp: fromNow(-60) }),
    },
    request: cookieRequest("POST", () => "6f1c1c43-0b8e-4d7c-9a55-3d1b3c2f0a11"),
    expect: error(401, EXPIRED),
  },
  {
    name: "order: a badly signed cookie token is invalid before any CSRF comparison",
    setup: { token: BAD_SIGNATURE },
    request: cookieRequest("POST", () => "6f1c1c43-0b8e-4d7c-9a55-3d1b3c2f0a11"),
    expect: anyError(422),
  },
  {
    name: "order: a CSRF mismatch is reported before the token type",
    setup: { token: REFRESH_TOKEN },
    request: cookieRequest("POST", () => "6f1c1c43-0b8e-4d7c-9a55-3d1b3c2f0a11"),
    expect: error(401, CSRF_MISMATCH),
  },
  {
    name: "a refresh token in the access cookie with its CSRF value: 422 only non-refresh tokens",
    setup: { token: REFRESH_TOKEN },
    request: cookieRequest("POST", (c) => c.csrf),
    expect: error(422, ONLY_ACCESS),
  },
  {
    name: "cookies only: a missing cookie is the cookie reason alone",
    env: COOKIES_ONLY,
    request: { method: "GET", path: "/protected" },
    expect: error(401, MISSING_COOKIE),
  },
  {
    name: "cookies only: POST /refresh without a cookie names the refresh cookie",
    env: COOKIES_ONLY,
    request: { method: "POST", path: "/refresh" },
    expect: error(401, MISSING_REFRESH_COOKIE),
  },
  {
    name: "cookies only: the login cookies work with the CSRF header",
    env: COOKIES_ONLY,
    setup: { loginWithCookies: true },
    request: (c) => ({
      method: "DELETE",
      path: "/protected",
      cookies: c.cookies,
      headers: { "X-CSRF-TOKEN": c.cookie("csrf_access_token") },
    }),
    expect: ok({ foo: "bar" }),
  },
];
