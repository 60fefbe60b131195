/** The cookies the demo's login and logout routes write (§5). */
import type { CookieExpectation } from "./table.ts";

export const EPOCH = "Thu, 01 Jan 1970 00:00:00 GMT";
export const COOKIE_NAMES = {
  access: "access_token_cookie",
  refresh: "refresh_token_cookie",
  accessCsrf: "csrf_access_token",
  refreshCsrf: "csrf_refresh_token",
} as const;

export interface CookieOptions {
  readonly names?: Partial<Record<keyof typeof COOKIE_NAMES, string>>;
  readonly paths?: Partial<Record<keyof typeof COOKIE_NAMES, string>>;
  /** Attributes every cookie carries (Domain, Secure, SameSite, Max-Age ...). */
  readonly common?: Readonly<Record<string, string | true>>;
  readonly withCsrf?: boolean;
}

/** The cookies `POST /login_with_cookies` sets. */
export function loginCookies(options: CookieOptions = {}): Record<string, CookieExpectation> {
  const name = { ...COOKIE_NAMES, ...options.names };
  const path = (which: keyof typeof COOKIE_NAMES) => options.paths?.[which] ?? "/";
  // With a Max-Age the cookie also carries an Expires, as the Python library writes it.
  const common = {
    ...options.common,
    ...(options.common && "max-age" in options.common ? { expires: "any" } : {}),
  };
  const cookies: Record<string, CookieExpectation> = {
    [name.access]: {
      value: "access-jwt",
      attributes: { path: path("access"), httponly: true, ...common },
    },
    [name.refresh]: {
      value: "refresh-jwt",
      attributes: { path: path("refresh"), httponly: true, ...common },
    },
  };
  if (options.withCsrf ?? true) {
    cookies[name.accessCsrf] = {
      value: { csrfOf: name.access },
      attributes: { path: path("accessCsrf"), ...common },
    };
    cookies[name.refreshCsrf] = {
      value: { csrfOf: name.refresh },
      attributes: { path: path("refreshCsrf"), ...common },
    };
  }
  return cookies;
}

/** The cookies `POST /logout_with_cookies` unsets: the same cookies, empty, expired. */
export function logoutCookies(options: CookieOptions = {}): Record<string, CookieExpectation> {
  const set = loginCookies(options);
  const unset: Record<string, CookieExpectation> = {};
  for (const [cookieName, cookie] of Object.entries(set)) {
    const { "max-age": _maxAge, ...attributes } = cookie.attributes;
    unset[cookieName] = {
      value: "empty",
      attributes: { ...attributes, expires: EPOCH },
      optional: { "max-age": "0" },
    };
  }
  return unset;
}
