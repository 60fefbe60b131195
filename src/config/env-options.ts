import { checkObjectArgument } from "./arguments.ts";
import type { EnvReading } from "./option-kinds.ts";
import { type JwtOptions, OPTION_NAMES, OPTIONS_BY_NAME, type OptionName } from "./option-table.ts";

/** `tokenLocation` → `JWT_TOKEN_LOCATION`: the Python library's configuration name. */
export const toEnvName = (option: string): string =>
  `JWT_${option.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase()}`;

function parseValue(reading: EnvReading, raw: string): unknown {
  let parsed: unknown = raw;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // Not JSON: the text itself is the value, as the Python library's config reader does.
  }
  // A secret of "123" stays the text "123"; only `null` may replace a nullable text.
  if (reading !== "json" && typeof parsed !== "string") {
    return parsed === null && reading === "nullableText" ? null : raw;
  }
  return parsed;
}

/** Unchecked values keyed by option: the constructor checks them as it checks any other. */
type EnvOptions = { [Name in OptionName]?: unknown };

/**
 * Reads options from a `JWT_*` record such as `process.env`, with the Python library's
 * names: each value is parsed as JSON when it parses (`["headers","cookies"]`, `false`,
 * `900`) and taken as text otherwise. Expiries are in seconds. Unknown names are ignored.
 *
 * @example
 * const jwt = new JwtManager(optionsFromEnv(process.env));
 */
export function optionsFromEnv(env: Readonly<Record<string, string | undefined>>): JwtOptions {
  checkObjectArgument(env, "optionsFromEnv env");
  const options: EnvOptions = {};
  for (const name of OPTION_NAMES) {
    const raw = env[toEnvName(name)];
    if (raw !== undefined) options[name] = parseValue(OPTIONS_BY_NAME[name].kind.env, raw);
  }
  // The values are unchecked text or JSON: resolveOptions checks each, as for any caller.
  return options as JwtOptions;
}
