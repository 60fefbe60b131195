import { parse } from "@lukeed/ms";

/**
 * A span of time: a number of seconds, or a text such as `"15m"`, `"12h"` or `"30 days"`.
 */
export type Duration = number | string;

/**
 * Converts a duration to seconds, negative ones included (`-60`, `"-1m"`); `undefined`
 * when it cannot be read or is not finite.
 */
export function toSignedSeconds(value: Duration): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  const trimmed = value.trim();
  // A bare number in a string means seconds, as in the JWT_* environment variables.
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const milliseconds = parse(trimmed);
  if (milliseconds === undefined || !Number.isFinite(milliseconds)) return undefined;
  return milliseconds / 1000;
}

/** Converts a duration to seconds; `undefined` when it cannot be read or is negative. */
export function toSeconds(value: Duration): number | undefined {
  const seconds = toSignedSeconds(value);
  return seconds === undefined || seconds < 0 ? undefined : seconds;
}
