/**
 * The NumericDate claims of a token told for people: an ISO date, and how far it is from
 * now ("in 14 min", "expired 3 h ago").
 */

const UNITS = [
  { seconds: 86_400, name: "d" },
  { seconds: 3_600, name: "h" },
  { seconds: 60, name: "min" },
  { seconds: 1, name: "s" },
] as const;

/** A span of seconds in its largest whole unit: `14 min`, `3 h`, `2 d`. */
export function span(seconds: number): string {
  const whole = Math.abs(Math.trunc(seconds));
  for (const unit of UNITS) {
    if (whole >= unit.seconds) return `${Math.floor(whole / unit.seconds)} ${unit.name}`;
  }
  return "0 s";
}

/** `in 14 min` for a time ahead of now, `3 h ago` for one behind, `now` within a second. */
export function relative(at: number, now: number): string {
  const delta = at - now;
  if (Math.abs(delta) < 1) return "now";
  return delta > 0 ? `in ${span(delta)}` : `${span(delta)} ago`;
}

/** A NumericDate as an ISO date, or `undefined` when the value is not a usable one. */
export function isoDate(value: unknown): string | undefined {
  if (typeof value !== "number" || !Number.isFinite(value)) return undefined;
  const date = new Date(value * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** What a time claim means, relative to now. */
function describe(claim: string, at: number, now: number): string {
  const when = relative(at, now);
  switch (claim) {
    case "exp":
      return at <= now ? `expired ${when}` : `expires ${when}`;
    case "nbf":
      return at > now ? `not valid before ${when}` : `valid since ${when}`;
    case "fresh":
      return at <= now ? `fresh until ${when}, no longer` : `fresh until ${when}`;
    default:
      return `issued ${when}`;
  }
}

/** One line per time claim present: `exp  2026-12-02T05:00:00.000Z  (expires in 14 min)`. */
export interface TimeLine {
  readonly claim: string;
  readonly date: string;
  readonly relative: string;
}

/** The time claims of `payload` (iat, nbf, exp, and a NumericDate `fresh`), for people. */
export function timeLines(payload: Record<string, unknown>, now = Date.now() / 1000): TimeLine[] {
  const lines: TimeLine[] = [];
  for (const claim of ["iat", "nbf", "exp", "fresh"]) {
    const value = payload[claim];
    const date = isoDate(value);
    if (date === undefined) continue;
    lines.push({ claim, date, relative: describe(claim, value as number, now) });
  }
  return lines;
}
