/** §5 — the cookies written by login and logout. */
import { DEMO_IDENTITY } from "../../helpers/tokens.ts";
import { type CookieOptions, loginCookies, logoutCookies } from "./cookie-expectations.ts";
import { COOKIE_ATTRIBUTES, ERROR_KEY, PERSISTENT_COOKIES } from "./environments.ts";
import { ok } from "./expectations.ts";
import { loginCookiesPost } from "./requests.ts";
import type { Scenario } from "./table.ts";

const COOKIE_ATTRIBUTE_OPTIONS: CookieOptions = {
  paths: {
    access: "/api/",
    refresh: "/refresh",
    accessCsrf: "/csrf/access",
    refreshCsrf: "/csrf/refresh",
  },
  common: { domain: "example.test", secure: true, samesite: "Strict" },
};

export const cookiesWritten: Scenario[] = [
  {
    name: "cookie options: login cookies carry their own Path and the Domain, Secure and SameSite options",
    env: COOKIE_ATTRIBUTES,
    request: { method: "POST", path: "/login_with_cookies" },
    expect: {
      status: 200,
      json: { msg: "login successful" },
      setCookies: loginCookies(COOKIE_ATTRIBUTE_OPTIONS),
    },
  },
  {
    name: "cookie options: logout unsets each cookie with the same Path, Domain, Secure and SameSite",
    env: COOKIE_ATTRIBUTES,
    request: { method: "POST", path: "/logout_with_cookies" },
    expect: {
      status: 200,
      json: { msg: "logout successful" },
      setCookies: logoutCookies(COOKIE_ATTRIBUTE_OPTIONS),
    },
  },
  {
    name: "cookie options: the login cookies authorize a POST with the CSRF header",
    env: COOKIE_ATTRIBUTES,
    setup: { loginWithCookies: true },
    request: loginCookiesPost("/whoami", (c) => ({
      headers: { "X-CSRF-TOKEN": c.cookie("csrf_access_token") },
    })),
    expect: ok({ identity: DEMO_IDENTITY, type: "access", fresh: true }),
  },
  {
    name: "JWT_SESSION_COOKIE false: login cookies get Max-Age 31540000",
    env: PERSISTENT_COOKIES,
    request: { method: "POST", path: "/login_with_cookies" },
    expect: {
      status: 200,
      json: { msg: "login successful" },
      setCookies: loginCookies({ common: { "max-age": "31540000", samesite: "Lax" } }),
    },
  },
  {
    name: "JWT_SESSION_COOKIE false: logout still expires every cookie",
    env: PERSISTENT_COOKIES,
    request: { method: "POST", path: "/logout_with_cookies" },
    expect: {
      status: 200,
      json: { msg: "logout successful" },
      setCookies: logoutCookies({ common: { "max-age": "31540000", samesite: "Lax" } }),
    },
  },
  {
    name: "JWT_ERROR_MESSAGE_KEY does not change the login answer",
    env: ERROR_KEY,
    request: { method: "POST", path: "/login_with_cookies" },
    expect: { status: 200, json: { msg: "login successful" }, setCookies: loginCookies() },
  },
];
