import { ConfigurationError } from "./errors.ts";
import type { ResolvedOptions } from "./options.ts";

/**
 * Cookie name prefixes (RFC 6265bis §4.1.3): browsers store a `__Secure-` cookie only when
 * it is `Secure`, and a `__Host-` cookie only when it is also `Path=/` without `Domain`,
 * so that no sibling subdomain or plain-HTTP page can plant or overwrite it (the "cookie
 * tossing" that fixes a victim's session to the attacker's token). A configuration that
 * breaks those rules would write cookies the browser silently drops; it is refused here.
 * Browsers compare the prefixes case-insensitively, and so does this check.
 */

const isHostCookie = (name: string): boolean => name.toLowerCase().startsWith("__host-");
const isSecureCookie = (name: string): boolean =>
  isHostCookie(name) || name.toLowerCase().startsWith("__secure-");

/** Throws a {@link ConfigurationError} for a prefixed cookie name its attributes would void. */
export function checkCookiePrefixes(options: ResolvedOptions): void {
  const cookies: ReadonlyArray<readonly [string, string, string, string]> = [
    ["accessCookieName", options.accessCookieName, "accessCookiePath", options.accessCookiePath],
    [
      "refreshCookieName",
      options.refreshCookieName,
      "refreshCookiePath",
      options.refreshCookiePath,
    ],
    [
      "accessCsrfCookieName",
      options.accessCsrfCookieName,
      "accessCsrfCookiePath",
      options.accessCsrfCookiePath,
    ],
    [
      "refreshCsrfCookieName",
      options.refreshCsrfCookieName,
      "refreshCsrfCookiePath",
      options.refreshCsrfCookiePath,
    ],
  ];
  for (const [nameOption, name, pathOption, path] of cookies) {
    if (!isSecureCookie(name)) continue;
    const prefix = isHostCookie(name) ? "__Host-" : "__Secure-";
    if (!options.cookieSecure) {
      throw new ConfigurationError(
        `${nameOption}: a ${prefix} cookie must be Secure; set cookieSecure to true`,
      );
    }
    if (!isHostCookie(name)) continue;
    if (path !== "/") {
      throw new ConfigurationError(
        `${pathOption}: a __Host- cookie must have Path=/, got ${JSON.stringify(path)}`,
      );
    }
    if (options.cookieDomain !== null) {
      throw new ConfigurationError(
        `cookieDomain: a __Host- cookie (${nameOption}) must have no Domain, got ${JSON.stringify(options.cookieDomain)}`,
      );
    }
  }
}

/** Refuses a per-call `domain` override on a `__Host-` cookie (see {@link checkCookiePrefixes}). */
export function checkHostCookieDomain(name: string, domain: string | null | undefined): void {
  if (domain && isHostCookie(name)) {
    throw new ConfigurationError(`domain: a __Host- cookie (${name}) must have no Domain`);
  }
}
