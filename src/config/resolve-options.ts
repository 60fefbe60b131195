import { ConfigurationError } from "../errors.ts";
import {
  checkCookiePrefixes,
  checkKeys,
  type KeysFromLoaders,
  withSigningAlgorithm,
} from "./cross-option-rules.ts";
import {
  type JwtOptions,
  OPTION_NAMES,
  OPTIONS_BY_NAME,
  type OptionName,
  type ResolvedOptions,
} from "./option-table.ts";

type Resolving = { -readonly [Name in OptionName]?: ResolvedOptions[Name] };

function resolveOne<Name extends OptionName>(
  resolving: Resolving,
  name: Name,
  given: unknown,
): Resolving {
  resolving[name] = OPTIONS_BY_NAME[name].resolve(name, given);
  return resolving;
}

const isOptionName = (name: string): name is OptionName => Object.hasOwn(OPTIONS_BY_NAME, name);

/**
 * Applies the defaults to `options` and checks every value, in the table's order, then the
 * rules between options, throwing a {@link ConfigurationError} that names the first bad
 * option and what it accepts.
 */
export function resolveOptions(
  options: JwtOptions,
  keysFromLoaders: KeysFromLoaders = { encode: false, decode: false },
): ResolvedOptions {
  const given: Readonly<Record<string, unknown>> = options;
  for (const name of Object.keys(given)) {
    if (!isOptionName(name)) throw new ConfigurationError(`${name}: not an option of JwtManager`);
  }
  const resolving = OPTION_NAMES.reduce<Resolving>(
    (record, name) => resolveOne(record, name, given[name]),
    {},
  );
  // Every name of the table was resolved above, so no field is missing.
  const checked = resolving as ResolvedOptions;
  const resolved: ResolvedOptions = Object.freeze({
    ...checked,
    decodeAlgorithms: withSigningAlgorithm(checked.algorithm, checked.decodeAlgorithms),
  });
  checkKeys(resolved, keysFromLoaders);
  checkCookiePrefixes(resolved);
  return resolved;
}
