import { KeyObject } from "node:crypto";
import { ConfigurationError } from "../errors.ts";
import { checkJwksUrl } from "../token/jwks.ts";
import { isJwk } from "../token/key-material.ts";
import { type Duration, toSeconds } from "./durations.ts";
import {
  ALGORITHMS,
  type Algorithm,
  type InvalidTokenStatus,
  type KeyInput,
  type KeySpec,
  type SameSite,
  TOKEN_LOCATIONS,
  type TokenLocation,
} from "./option-values.ts";
import { describeShape } from "./value-shape.ts";

/**
 * How a `JWT_*` text becomes a value: `text` keeps it as it is (a secret of "123" stays
 * the text "123"), `nullableText` too except `null`, and `json` parses it when it parses.
 */
export type EnvReading = "text" | "nullableText" | "json";

/**
 * One way of reading and checking an option's value, shared by every option of that kind:
 * what a user may give (`Input`), what the manager keeps (`Resolved`), and how the `JWT_*`
 * text is read.
 */
export interface OptionKind<Input, Resolved> {
  /** Checks `value` and gives its resolved form; throws a {@link ConfigurationError} naming `name`. */
  readonly resolve: (name: string, value: unknown) => Resolved;
  readonly env: EnvReading;
  /** Never set: carries the type a user may give, for the types derived from the table. */
  readonly input?: Input;
}

const kind = <Input, Resolved>(
  env: EnvReading,
  resolve: (name: string, value: unknown) => Resolved,
): OptionKind<Input, Resolved> => ({ env, resolve });

/** A value as configuration errors quote it: for options that hold no secret. */
export const describe = (value: unknown): string => {
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof KeyObject || Buffer.isBuffer(value)) return "a key";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

/** Throws the configuration error of a bad value, quoting it: for options that hold no secret. */
export const fail = (name: string, accepts: string, value: unknown): never => {
  throw new ConfigurationError(`${name}: expected ${accepts}, got ${describe(value)}`);
};

/** As {@link fail}, for options that may hold a secret: the value's shape, never its content. */
const failSecret = (name: string, accepts: string, value: unknown): never => {
  throw new ConfigurationError(`${name}: expected ${accepts}, got ${describeShape(value)}`);
};

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

const isAmong = <T>(values: readonly T[], value: unknown): value is T =>
  values.some((item) => item === value);

const SAME_SITE: Readonly<Record<string, Exclude<SameSite, null>>> = {
  strict: "Strict",
  lax: "Lax",
  none: "None",
};

const key = kind<KeyInput, KeyInput>("text", (name, value) => {
  if (typeof value === "string" || Buffer.isBuffer(value) || value instanceof KeyObject) {
    return value;
  }
  if (isJwk(value)) return value;
  return failSecret(name, "a string, a Buffer, a KeyObject or a JSON Web Key", value);
});

const algorithm = kind<Algorithm, Algorithm>("json", (name, value) =>
  isAmong(ALGORITHMS, value) ? value : fail(name, `one of ${ALGORITHMS.join(", ")}`, value),
);

const keySpec = (name: string, spec: unknown): KeySpec => {
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
    return failSecret(name, "an object { kid, key, algorithm? }", spec);
  }
  const entry: { kid?: unknown; key?: unknown; algorithm?: unknown } = spec;
  if (typeof entry.kid !== "string" || entry.kid.length === 0) {
    return failSecret(`${name}.kid`, "a non-empty string", entry.kid);
  }
  const checkedKey = key.resolve(`${name}.key`, entry.key);
  if (entry.algorithm === undefined) return { kid: entry.kid, key: checkedKey };
  const checkedAlgorithm = algorithm.resolve(`${name}.algorithm`, entry.algorithm);
  return { kid: entry.kid, key: checkedKey, algorithm: checkedAlgorithm };
};

const expiry = kind<Duration | false, number | false>("json", (name, value) => {
  if (value === false) return false;
  const seconds =
    typeof value === "number" || typeof value === "string" ? toSeconds(value) : undefined;
  return (
    seconds ??
    fail(name, 'a non-negative number of seconds, a duration such as "15m", or false', value)
  );
});

const audienceList = (name: string, value: unknown): string[] | null => {
  if (value === null) return null;
  const list = asList(value);
  const texts = list.filter((item): item is string => typeof item === "string" && item !== "");
  if (list.length === 0 || texts.length !== list.length) {
    return fail(name, "a non-empty string, a list of them, or null", value);
  }
  return texts;
};

/** Every kind of option value, by the name the option table uses. */
export const KINDS = {
  /** One location or a list of them, without repeats. */
  locations: kind<TokenLocation | readonly TokenLocation[], readonly TokenLocation[]>(
    "json",
    (name, value) => {
      const list = asList(value);
      if (list.length === 0) fail(name, `at least one of ${TOKEN_LOCATIONS.join(", ")}`, value);
      const locations = list.map((item) =>
        isAmong(TOKEN_LOCATIONS, item)
          ? item
          : fail(name, `locations among ${TOKEN_LOCATIONS.join(", ")}`, item),
      );
      return [...new Set(locations)];
    },
  ),
  /** Key material; a bad one is described by its shape only. */
  key,
  /** Previous verification keys, each checked as a key. */
  keys: kind<readonly KeySpec[], readonly KeySpec[]>("json", (name, value) =>
    asList(value).map((spec, index) => keySpec(`${name}[${index}]`, spec)),
  ),
  /** A JWK Set URL; never quoted, it may hold credentials. */
  url: kind<string | null, string | null>("json", (name, value) => {
    if (value === null) return null;
    if (typeof value !== "string") return failSecret(name, "an absolute https URL or null", value);
    return checkJwksUrl(value, name);
  }),
  status: kind<InvalidTokenStatus, InvalidTokenStatus>("json", (name, value) =>
    value === 401 || value === 422 ? value : fail(name, "401 or 422", value),
  ),
  algorithm,
  algorithms: kind<readonly Algorithm[], readonly Algorithm[]>("json", (name, value) =>
    asList(value).map((item) =>
      isAmong(ALGORITHMS, item)
        ? item
        : fail(name, `algorithms among ${ALGORITHMS.join(", ")}`, item),
    ),
  ),
  /** Seconds or a duration text, or `false` for never. */
  expiry,
  /** A non-empty text: a name of a header, cookie, claim or key, or a path. */
  name: kind<string, string>("text", (name, value) =>
    typeof value === "string" && value.length > 0 ? value : fail(name, "a non-empty string", value),
  ),
  /** A text that may be empty. */
  text: kind<string, string>("text", (name, value) =>
    typeof value === "string" ? value : fail(name, "a string (empty allowed)", value),
  ),
  nullableText: kind<string | null, string | null>("nullableText", (name, value) => {
    if (value === null) return null;
    return typeof value === "string" && value.length > 0
      ? value
      : fail(name, "a non-empty string or null", value);
  }),
  boolean: kind<boolean, boolean>("json", (name, value) =>
    typeof value === "boolean" ? value : fail(name, "true or false", value),
  ),
  /** Any case of Strict, Lax or None, written in the canonical case. */
  sameSite: kind<SameSite, SameSite>("json", (name, value) => {
    if (value === null) return null;
    const normalized = typeof value === "string" ? SAME_SITE[value.toLowerCase()] : undefined;
    return normalized ?? fail(name, '"Strict", "Lax", "None" or null', value);
  }),
  /** HTTP method names, kept upper-case. */
  methods: kind<readonly string[], ReadonlySet<string>>("json", (name, value) => {
    const methods = asList(value).map((item) =>
      typeof item === "string" && item.length > 0
        ? item.toUpperCase()
        : fail(name, "a list of HTTP method names", item),
    );
    return new Set(methods);
  }),
  /** The audience written into tokens, kept as given. */
  audience: kind<string | readonly string[] | null, string | readonly string[] | null>(
    "json",
    (name, value) => {
      const list = audienceList(name, value);
      return list === null || Array.isArray(value) ? list : (list[0] ?? null);
    },
  ),
  /** The audiences a token may name, always as a list. */
  audienceList: kind<string | readonly string[] | null, readonly string[] | null>(
    "json",
    audienceList,
  ),
  seconds: kind<number, number>("json", (name, value) =>
    typeof value === "number" && Number.isFinite(value) && value >= 0
      ? value
      : fail(name, "a finite, non-negative number of seconds", value),
  ),
  bytes: kind<number, number>("json", (name, value) =>
    typeof value === "number" && Number.isSafeInteger(value) && value > 0
      ? value
      : fail(name, "a positive whole number of bytes", value),
  ),
} as const;
