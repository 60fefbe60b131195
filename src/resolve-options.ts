import { KeyObject } from "node:crypto";
import { checkCookiePrefixes } from "./cookie-prefixes.ts";
import { type Duration, toSeconds } from "./durations.ts";
import { ConfigurationError } from "./errors.ts";
import { checkJwksUrl } from "./jwks.ts";
import { isJwk } from "./key-material.ts";
import {
  ALGORITHMS,
  type Algorithm,
  DEFAULT_OPTIONS,
  type JwtOptions,
  type ResolvedOptions,
  type SameSite,
  TOKEN_LOCATIONS,
  type TokenLocation,
} from "./options.ts";
import { describeShape } from "./value-shape.ts";

/** How each option's value is read and checked; shared by the constructor and the env reader. */
export type OptionKind =
  | "locations"
  | "key"
  | "algorithm"
  | "algorithms"
  | "expiry"
  | "name"
  | "text"
  | "nullableText"
  | "boolean"
  | "sameSite"
  | "methods"
  | "audience"
  | "seconds"
  | "bytes"
  | "keys"
  | "url"
  | "status";

export const OPTION_KINDS: { readonly [K in keyof Required<JwtOptions>]: OptionKind } = {
  tokenLocation: "locations",
  secretKey: "key",
  privateKey: "key",
  publicKey: "key",
  algorithm: "algorithm",
  decodeAlgorithms: "algorithms",
  accessTokenExpires: "expiry",
  refreshTokenExpires: "expiry",
  identityClaim: "name",
  errorMessageKey: "name",
  headerName: "name",
  headerType: "text",
  queryStringName: "name",
  queryStringValuePrefix: "text",
  jsonKey: "name",
  refreshJsonKey: "name",
  accessCookieName: "name",
  refreshCookieName: "name",
  accessCookiePath: "name",
  refreshCookiePath: "name",
  cookieDomain: "nullableText",
  cookieSecure: "boolean",
  cookieSamesite: "sameSite",
  sessionCookie: "boolean",
  cookieCsrfProtect: "boolean",
  csrfMethods: "methods",
  csrfInCookies: "boolean",
  csrfCheckForm: "boolean",
  accessCsrfCookieName: "name",
  refreshCsrfCookieName: "name",
  accessCsrfCookiePath: "name",
  refreshCsrfCookiePath: "name",
  accessCsrfHeaderName: "name",
  refreshCsrfHeaderName: "name",
  accessCsrfFieldName: "name",
  refreshCsrfFieldName: "name",
  decodeAudience: "audience",
  encodeAudience: "audience",
  decodeIssuer: "nullableText",
  encodeIssuer: "nullableText",
  encodeKeyId: "nullableText",
  decodeKeys: "keys",
  jwksUrl: "url",
  jwksCacheTtl: "seconds",
  jwksRefetchInterval: "seconds",
  jwksStaleIfError: "seconds",
  maxTokenSize: "bytes",
  invalidTokenStatus: "status",
  csrfRefuseCrossSite: "boolean",
  decodeLeeway: "seconds",
  encodeNbf: "boolean",
  verifySub: "boolean",
  bodyLimit: "bytes",
  refreshRotation: "boolean",
  refreshRotationGrace: "seconds",
  implicitRefreshWindow: "expiry",
  storeTimeout: "seconds",
};

const describe = (value: unknown): string => {
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof KeyObject || Buffer.isBuffer(value)) return "a key";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

const fail = (name: string, accepts: string, value: unknown): never => {
  throw new ConfigurationError(`${name}: expected ${accepts}, got ${describe(value)}`);
};

/** As {@link fail}, for options that may hold a secret: the value's shape, never its content. */
const failSecret = (name: string, accepts: string, value: unknown): never => {
  throw new ConfigurationError(`${name}: expected ${accepts}, got ${describeShape(value)}`);
};

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

const SAME_SITE: Record<string, Exclude<SameSite, null>> = {
  strict: "Strict",
  lax: "Lax",
  none: "None",
};

function checkValue(name: string, kind: OptionKind, value: unknown): unknown {
  switch (kind) {
    case "locations": {
      const list = asList(value);
      if (list.length === 0) fail(name, `at least one of ${TOKEN_LOCATIONS.join(", ")}`, value);
      for (const item of list) {
        if (!TOKEN_LOCATIONS.includes(item as TokenLocation)) {
          fail(name, `locations among ${TOKEN_LOCATIONS.join(", ")}`, item);
        }
      }
      return [...new Set(list)];
    }
    case "key":
      if (
        typeof value === "string" ||
        Buffer.isBuffer(value) ||
        value instanceof KeyObject ||
        isJwk(value)
      ) {
        return value;
      }
      return failSecret(name, "a string, a Buffer, a KeyObject or a JSON Web Key", value);
    case "keys": {
      const list = asList(value);
      list.forEach((spec, index) => {
        const item = spec as { kid?: unknown; key?: unknown; algorithm?: unknown } | null;
        if (item === null || typeof item !== "object" || Array.isArray(item)) {
          failSecret(`${name}[${index}]`, "an object { kid, key, algorithm? }", spec);
        }
        const entry = item as { kid?: unknown; key?: unknown; algorithm?: unknown };
        if (typeof entry.kid !== "string" || entry.kid.length === 0) {
          failSecret(`${name}[${index}].kid`, "a non-empty string", entry.kid);
        }
        checkValue(`${name}[${index}].key`, "key", entry.key);
        if (entry.algorithm !== undefined) {
          checkValue(`${name}[${index}].algorithm`, "algorithm", entry.algorithm);
        }
      });
      return list;
    }
    case "url":
      if (value === null) return null;
      if (typeof value !== "string")
        return failSecret(name, "an absolute https URL or null", value);
      return checkJwksUrl(value, name);
    case "status":
      if (value !== 401 && value !== 422) fail(name, "401 or 422", value);
      return value;
    case "algorithm":
      if (!ALGORITHMS.includes(value as Algorithm))
        fail(name, `one of ${ALGORITHMS.join(", ")}`, value);
      return value;
    case "algorithms": {
      const list = asList(value);
      for (const item of list) {
        if (!ALGORITHMS.includes(item as Algorithm)) {
          fail(name, `algorithms among ${ALGORITHMS.join(", ")}`, item);
        }
      }
      return list;
    }
    case "expiry": {
      if (value === false) return false;
      const seconds =
        typeof value === "number" || typeof value === "string"
          ? toSeconds(value as Duration)
          : undefined;
      if (seconds === undefined) {
        fail(name, 'a non-negative number of seconds, a duration such as "15m", or false', value);
      }
      return seconds;
    }
    case "name":
      if (typeof value !== "string" || value.length === 0) fail(name, "a non-empty string", value);
      return value;
    case "text":
      if (typeof value !== "string") fail(name, "a string (empty allowed)", value);
      return value;
    case "nullableText":
      if (value === null) return null;
      if (typeof value !== "string" || value.length === 0)
        fail(name, "a non-empty string or null", value);
      return value;
    case "boolean":
      if (typeof value !== "boolean") fail(name, "true or false", value);
      return value;
    case "sameSite": {
      if (value === null) return null;
      const normalized = typeof value === "string" ? SAME_SITE[value.toLowerCase()] : undefined;
      return normalized ?? fail(name, '"Strict", "Lax", "None" or null', value);
    }
    case "methods": {
      const list = asList(value);
      for (const item of list) {
        if (typeof item !== "string" || item.length === 0)
          fail(name, "a list of HTTP method names", item);
      }
      return new Set(list.map((method) => (method as string).toUpperCase()));
    }
    case "audience": {
      if (value === null) return null;
      const list = asList(value);
      if (list.length === 0 || list.some((item) => typeof item !== "string" || item.length === 0)) {
        fail(name, "a non-empty string, a list of them, or null", value);
      }
      return value;
    }
    case "seconds":
      if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
        fail(name, "a finite, non-negative number of seconds", value);
      }
      return value;
    case "bytes":
      if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
        fail(name, "a positive whole number of bytes", value);
      }
      return value;
  }
}

const isHmac = (algorithm: Algorithm): boolean => algorithm.startsWith("HS");

function checkKeys(
  resolved: ResolvedOptions,
  keysFromLoaders: { encode: boolean; decode: boolean },
) {
  const families = new Set([resolved.algorithm, ...resolved.decodeAlgorithms].map(isHmac));
  if (families.size > 1) {
    throw new ConfigurationError(
      "decodeAlgorithms: expected algorithms of one family with algorithm " +
        `${resolved.algorithm} (HS* share a secret; the others a key pair), got ${describe(resolved.decodeAlgorithms)}`,
    );
  }
  const hmac = isHmac(resolved.algorithm);
  // A verifier fed by a remote JWK Set needs no key of its own, and may not sign at all.
  const remote = resolved.jwksUrl !== null;
  const isEmpty = (key: ResolvedOptions["secretKey"]): boolean =>
    key === undefined || ((typeof key === "string" || Buffer.isBuffer(key)) && key.length === 0);
  if (hmac && isEmpty(resolved.secretKey) && !(keysFromLoaders.encode && keysFromLoaders.decode)) {
    throw new ConfigurationError(
      `secretKey: expected a non-empty secret for algorithm ${resolved.algorithm}, got ${
        resolved.secretKey === undefined ? "none" : "an empty secret"
      }`,
    );
  }
  if (!hmac && isEmpty(resolved.privateKey) && !keysFromLoaders.encode && !remote) {
    throw new ConfigurationError(
      `privateKey: expected a private key for algorithm ${resolved.algorithm}, got none`,
    );
  }
  if (!hmac && isEmpty(resolved.publicKey) && !keysFromLoaders.decode && !remote) {
    throw new ConfigurationError(
      `publicKey: expected a public key for algorithm ${resolved.algorithm}, got none`,
    );
  }
}

/**
 * Applies the defaults to `options` and checks every value, throwing a
 * {@link ConfigurationError} that names the first bad option and what it accepts.
 */
export function resolveOptions(
  options: JwtOptions,
  keysFromLoaders: { encode: boolean; decode: boolean } = { encode: false, decode: false },
): ResolvedOptions {
  const values: Record<string, unknown> = { ...DEFAULT_OPTIONS };
  for (const [name, value] of Object.entries(options)) {
    const kind = OPTION_KINDS[name as keyof JwtOptions];
    if (kind === undefined) {
      throw new ConfigurationError(`${name}: not an option of JwtManager`);
    }
    if (value !== undefined) values[name] = value;
  }
  for (const [name, kind] of Object.entries(OPTION_KINDS)) {
    if (values[name] !== undefined) values[name] = checkValue(name, kind, values[name]);
  }
  values.decodeAudience = values.decodeAudience === null ? null : asList(values.decodeAudience);
  values.decodeAlgorithms = [
    ...new Set([values.algorithm, ...((values.decodeAlgorithms as Algorithm[] | undefined) ?? [])]),
  ];
  const resolved = Object.freeze(values) as unknown as ResolvedOptions;
  checkKeys(resolved, keysFromLoaders);
  checkCookiePrefixes(resolved);
  return resolved;
}
