import type { JwtOptions } from "./options.ts";
import { OPTION_KINDS, type OptionKind } from "./resolve-options.ts";

/** `tokenLocation` → `JWT_TOKEN_LOCATION`: the Python library's configuration name. */
export const toEnvName = (option: string): string =>
  `JWT_${option.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase()}`;

const STRING_KINDS: ReadonlySet<OptionKind> = new Set(["key", "name", "text", "nullableText"]);

function parseValue(kind: OptionKind, raw: string): unknown {
  let parsed: unknown = raw;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // Not JSON: the text itself is the value, as the Python library's config reader does.
  }
  // A secret of "123" stays the text "123"; only `null` may replace a nullable text.
  if (STRING_KINDS.has(kind) && typeof parsed !== "string") {
    return parsed === null && kind === "nullableText" ? null : raw;
  }
  return parsed;
}

/**
 * Reads options from a `JWT_*` record such as `process.env`, with the Python library's
 * names: each value is parsed as JSON when it parses (`["headers","cookies"]`, `false`,
 * `900`) and taken as text otherwise. Expiries are in seconds. Unknown names are ignored.
 *
 * @example
 * const jwt = new JwtManager(optionsFromEnv(process.env));
 */
export function optionsFromEnv(env: Readonly<Record<string, string | undefined>>): JwtOptions {
  const options: Record<string, unknown> = {};
  for (const [option, kind] of Object.entries(OPTION_KINDS)) {
    const raw = env[toEnvName(option)];
    if (raw !== undefined) options[option] = parseValue(kind, raw);
  }
  return options as JwtOptions;
}
