import { parseSetCookie } from "./set-cookie.ts";

/** A minimal cookie jar: name → value, updated from Set-Cookie lines (paths and domains ignored). */
export class CookieJar {
  readonly #values = new Map<string, string>();

  /** Stores the cookies set by a response; an expired or empty cookie is removed. */
  update(setCookies: readonly string[]): this {
    for (const line of setCookies) {
      const cookie = parseSetCookie(line);
      const maxAge = cookie.attributes.get("max-age");
      const expires = cookie.attributes.get("expires");
      const expired =
        cookie.value === "" ||
        (typeof maxAge === "string" && Number(maxAge) <= 0) ||
        (typeof expires === "string" && Date.parse(expires) <= Date.now());
      if (expired) this.#values.delete(cookie.name);
      else this.#values.set(cookie.name, cookie.value);
    }
    return this;
  }

  get(name: string): string | undefined {
    return this.#values.get(name);
  }

  /** The jar's cookies as a plain record. */
  toRecord(): Record<string, string> {
    return Object.fromEntries(this.#values);
  }

  /** A `Cookie` request header value, or undefined when the jar is empty. */
  header(): string | undefined {
    return this.#values.size === 0 ? undefined : cookieHeader(this.toRecord());
  }
}

/** `a=1; b=2`, values as given (no encoding). */
export function cookieHeader(cookies: Record<string, string>): string {
  return Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join("; ");
}
