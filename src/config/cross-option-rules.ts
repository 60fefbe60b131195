import { ConfigurationError } from "../errors.ts";
import { isHmac } from "../token/key-material.ts";
import { describe } from "./option-kinds.ts";
import type { ResolvedOptions } from "./option-table.ts";
import type { Algorithm } from "./option-values.ts";

/**
 * The rules that tie options together, checked once every option has been checked on its
 * own (resolve-options.ts): which keys an algorithm needs, and which cookie attributes a
 * prefixed cookie name needs. Each throws a {@link ConfigurationError} naming the option to
 * change, without quoting a key.
 */

/** Which key source stands in for a missing configured key. */
export interface KeysFromLoaders {
  readonly encode: boolean;
  readonly decode: boolean;
}

/** `decodeAlgorithms` always accepts the signing `algorithm`, listed first. */
export const withSigningAlgorithm = (
  algorithm: Algorithm,
  decodeAlgorithms: readonly Algorithm[],
): readonly Algorithm[] => [...new Set([algorithm, ...decodeAlgorithms])];

const isEmpty = (key: ResolvedOptions["secretKey"]): boolean =>
  key === undefined || ((typeof key === "string" || Buffer.isBuffer(key)) && key.length === 0);

/**
 * The algorithms are of one family (HS* share a secret; the others a key pair), and that
 * family's keys are configured, or given by loaders, or (to verify) fetched from `jwksUrl`.
 */
export function checkKeys(options: ResolvedOptions, keysFromLoaders: KeysFromLoaders): void {
  const families = new Set([options.algorithm, ...options.decodeAlgorithms].map(isHmac));
  if (families.size > 1) {
    throw new ConfigurationError(
      "decodeAlgorithms: expected algorithms of one family with algorithm " +
        `${options.algorithm} (HS* share a secret; the others a key pair), got ${describe(options.decodeAlgorithms)}`,
    );
  }
  const hmac = isHmac(options.algorithm);
  // A verifier fed by a remote JWK Set needs no key of its own, and may not sign at all.
  const remote = options.jwksUrl !== null;
  if (hmac && isEmpty(options.secretKey) && !(keysFromLoaders.encode && keysFromLoaders.decode)) {
    throw new ConfigurationError(
      `secretKey: expected a non-empty secret for algorithm ${options.algorithm}, got ${
        options.secretKey === undefined ? "none" : "an empty secret"
      }`,
    );
  }
  if (!hmac && isEmpty(options.privateKey) && !keysFromLoaders.encode && !remote) {
    throw new ConfigurationError(
      `privateKey: expected a private key for algorithm ${options.algorithm}, got none`,
    );
  }
  if (!hmac && isEmpty(options.publicKey) && !keysFromLoaders.decode && !remote) {
    throw new ConfigurationError(
      `publicKey: expected a public key for algorithm ${options.algorithm}, got none`,
    );
  }
}

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
