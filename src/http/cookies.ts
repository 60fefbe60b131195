import { type SerializeOptions, serialize } from "cookie";
import { checkOptionsArgument } from "../config/arguments.ts";
import { checkHostCookieDomain } from "../config/cross-option-rules.ts";
import type { ResolvedOptions } from "../config/option-table.ts";
import { PERSISTENT_COOKIE_MAX_AGE } from "../config/option-values.ts";
import { ConfigurationError } from "../errors.ts";

/** Per-call overrides of the configured cookie attributes. */
export interface CookieOverrides {
  /**
   * Max-Age in seconds, written with the matching `Expires` date; by default none (a
   * session cookie) when `sessionCookie` is true, else 31540000.
   */
  maxAge?: number;
  /** The Domain attribute; by default `cookieDomain`. */
  domain?: string;
}

type Kind = "access" | "refresh";

interface CookieNames {
  token: string;
  tokenPath: string;
  csrf: string;
  csrfPath: string;
}

const namesFor = (options: ResolvedOptions, kind: Kind): CookieNames =>
  kind === "access"
    ? {
        token: options.accessCookieName,
        tokenPath: options.accessCookiePath,
        csrf: options.accessCsrfCookieName,
        csrfPath: options.accessCsrfCookiePath,
      }
    : {
        token: options.refreshCookieName,
        tokenPath: options.refreshCookiePath,
        csrf: options.refreshCsrfCookieName,
        csrfPath: options.refreshCsrfCookiePath,
      };

/**
 * The `Expires` matching a Max-Age: the Python library (werkzeug) writes both, so that a
 * client that knows only the older attribute does not keep a persistent cookie for the
 * session alone. Left out when the date cannot be written (a Max-Age past year 275760).
 */
function expiresAfter(maxAge: number): { expires?: Date } {
  const expires = new Date(Date.now() + maxAge * 1000);
  return Number.isNaN(expires.getTime()) ? {} : { expires };
}

/**
 * `serialize`, whose `TypeError` for an attribute no cookie can carry (a domain with a `;`,
 * a Max-Age that is not a number) becomes a {@link ConfigurationError}: the attributes come
 * from the options and the overrides, never from the request. The message names the
 * cookie, not the value, which is a token.
 */
function writeCookie(name: string, value: string, written: SerializeOptions): string {
  try {
    return serialize(name, value, written);
  } catch {
    throw new ConfigurationError(
      `cookie ${name}: its domain, path or max-age cannot be written in a Set-Cookie header`,
    );
  }
}

function attributes(
  options: ResolvedOptions,
  path: string,
  httpOnly: boolean,
  overrides: CookieOverrides,
): SerializeOptions {
  const domain = overrides.domain ?? options.cookieDomain;
  const maxAge =
    overrides.maxAge ?? (options.sessionCookie ? undefined : PERSISTENT_COOKIE_MAX_AGE);
  const sameSite = options.cookieSamesite;
  return {
    path,
    httpOnly,
    secure: options.cookieSecure,
    ...(domain ? { domain } : {}),
    ...(maxAge !== undefined ? { maxAge, ...expiresAfter(maxAge) } : {}),
    ...(sameSite ? { sameSite: sameSite.toLowerCase() as "strict" | "lax" | "none" } : {}),
  };
}

/** The cookies' names, once the overrides are checked (a `__Host-` cookie takes no Domain). */
function checkedNames(
  options: ResolvedOptions,
  kind: Kind,
  overrides: Pick<CookieOverrides, "domain">,
): CookieNames {
  checkOptionsArgument(overrides, "cookie overrides");
  const names = namesFor(options, kind);
  checkHostCookieDomain(names.token, overrides.domain);
  checkHostCookieDomain(names.csrf, overrides.domain);
  return names;
}

const writesCsrfCookie = (options: ResolvedOptions): boolean =>
  options.cookieCsrfProtect && options.csrfInCookies;

/**
 * The `Set-Cookie` values that store a token: the token itself, HttpOnly so that scripts
 * (and so XSS) cannot read it, and its CSRF value in a cookie that the page's JavaScript
 * must read to send it back in a header: that cookie is deliberately not HttpOnly.
 */
export function tokenCookies(
  options: ResolvedOptions,
  kind: Kind,
  token: string,
  csrfValue: string | undefined,
  overrides: CookieOverrides = {},
): string[] {
  const names = checkedNames(options, kind, overrides);
  const cookies = [
    writeCookie(names.token, token, attributes(options, names.tokenPath, true, overrides)),
  ];
  if (writesCsrfCookie(options) && csrfValue !== undefined) {
    cookies.push(
      writeCookie(names.csrf, csrfValue, attributes(options, names.csrfPath, false, overrides)),
    );
  }
  return cookies;
}

const EPOCH = new Date(0);

/** The `Set-Cookie` values that remove a token's cookies: empty, expired at the epoch. */
export function expiredTokenCookies(
  options: ResolvedOptions,
  kind: Kind,
  overrides: Pick<CookieOverrides, "domain"> = {},
): string[] {
  const names = checkedNames(options, kind, overrides);
  const expire = (path: string, httpOnly: boolean): SerializeOptions => ({
    ...attributes(options, path, httpOnly, { ...overrides }),
    maxAge: undefined,
    expires: EPOCH,
  });
  const cookies = [writeCookie(names.token, "", expire(names.tokenPath, true))];
  if (writesCsrfCookie(options)) {
    cookies.push(writeCookie(names.csrf, "", expire(names.csrfPath, false)));
  }
  return cookies;
}
