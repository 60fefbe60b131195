import { ConfigurationError } from "../errors.ts";

/** How a value that is not an object is named in an error: its type, never its content. */
const kindOf = (value: unknown): string => (value === null ? "null" : typeof value);

/**
 * Checks an options argument of a public function: absent (its default applies) or an
 * object. A JavaScript caller can pass anything; the TypeScript types do not run, so the
 * check names the argument in a {@link ConfigurationError} instead of letting a property
 * read of `null` fail with a `TypeError` somewhere inside.
 *
 * @example
 * checkOptionsArgument(options, "createAccessToken options");
 */
export function checkOptionsArgument(value: unknown, name: string): void {
  if (value === undefined || (typeof value === "object" && value !== null)) return;
  throw new ConfigurationError(`${name}: expected an object, got ${kindOf(value)}`);
}

/**
 * Checks an argument that must be an object (a token's claims, a request's context),
 * failing with a {@link ConfigurationError} that names it.
 */
export function checkObjectArgument(value: unknown, name: string): void {
  if (typeof value === "object" && value !== null) return;
  throw new ConfigurationError(`${name}: expected an object, got ${kindOf(value)}`);
}
