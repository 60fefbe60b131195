import type { JwtManager } from "../manager.ts";
import type { CookieOverrides } from "./cookies.ts";

/** The manager's `Set-Cookie` builders: all that writing cookies needs of it. */
export type CookieSource = Pick<
  JwtManager,
  | "accessCookies"
  | "refreshCookies"
  | "unsetAccessCookies"
  | "unsetRefreshCookies"
  | "unsetJwtCookies"
>;

/**
 * `setAccessCookies` and its siblings (BEHAVIOR.md §5) for a framework whose responses
 * are `Target` (a response object, a reply, a context, `Headers`).
 */
export interface CookieWriters<Target> {
  /** Sets the access-token cookie and its CSRF cookie. */
  setAccessCookies(target: Target, token: string, overrides?: CookieOverrides): void;
  /** Sets the refresh-token cookie and its CSRF cookie. */
  setRefreshCookies(target: Target, token: string, overrides?: CookieOverrides): void;
  /** Removes the access-token cookies. */
  unsetAccessCookies(target: Target, overrides?: Pick<CookieOverrides, "domain">): void;
  /** Removes the refresh-token cookies. */
  unsetRefreshCookies(target: Target, overrides?: Pick<CookieOverrides, "domain">): void;
  /** Removes every token cookie. */
  unsetJwtCookies(target: Target, overrides?: Pick<CookieOverrides, "domain">): void;
}

/** The names of {@link CookieWriters}, for adapters that install them as methods. */
export const COOKIE_WRITER_NAMES = [
  "setAccessCookies",
  "setRefreshCookies",
  "unsetAccessCookies",
  "unsetRefreshCookies",
  "unsetJwtCookies",
] as const satisfies readonly (keyof CookieWriters<unknown>)[];

/**
 * Builds the cookie helpers over the adapter's one way of adding `Set-Cookie` values to a
 * response; the values themselves come from the manager, so every framework writes the
 * same bytes.
 *
 * @example
 * const { setAccessCookies } = createCookieWriters(jwt, (headers: Headers, cookies) => {
 *   for (const cookie of cookies) headers.append("Set-Cookie", cookie);
 * });
 */
export function createCookieWriters<Target>(
  manager: CookieSource,
  append: (target: Target, cookies: string[]) => void,
): CookieWriters<Target> {
  return {
    setAccessCookies: (target, token, overrides) =>
      append(target, manager.accessCookies(token, overrides)),
    setRefreshCookies: (target, token, overrides) =>
      append(target, manager.refreshCookies(token, overrides)),
    unsetAccessCookies: (target, overrides) =>
      append(target, manager.unsetAccessCookies(overrides)),
    unsetRefreshCookies: (target, overrides) =>
      append(target, manager.unsetRefreshCookies(overrides)),
    unsetJwtCookies: (target, overrides) => append(target, manager.unsetJwtCookies(overrides)),
  };
}
