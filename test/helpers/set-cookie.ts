/** Reading the Set-Cookie lines of a response. */

export interface SetCookie {
  name: string;
  value: string;
  /** Attribute names lower-cased; flag attributes (`HttpOnly`, `Secure`) have value `true`. */
  attributes: Map<string, string | true>;
}

/** Parses one Set-Cookie line. The value is kept as sent (not URI-decoded). */
export function parseSetCookie(line: string): SetCookie {
  const [pair = "", ...rest] = line.split(";");
  const eq = pair.indexOf("=");
  const name = (eq === -1 ? "" : pair.slice(0, eq)).trim();
  const value = (eq === -1 ? pair : pair.slice(eq + 1)).trim();
  const attributes = new Map<string, string | true>();
  for (const part of rest) {
    const text = part.trim();
    if (text === "") continue;
    const at = text.indexOf("=");
    if (at === -1) attributes.set(text.toLowerCase(), true);
    else attributes.set(text.slice(0, at).trim().toLowerCase(), text.slice(at + 1).trim());
  }
  return { name, value, attributes };
}

/** The name → value of every cookie the lines set, in order (a later line wins). */
export function cookiesSetBy(lines: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    lines.map((line) => {
      const cookie = parseSetCookie(line);
      return [cookie.name, cookie.value];
    }),
  );
}

/** The names of the cookies the lines set, in order. */
export function cookieNamesSetBy(lines: readonly string[]): string[] {
  return lines.map((line) => parseSetCookie(line).name);
}
