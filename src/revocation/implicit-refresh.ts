import type { ResolvedOptions } from "../config/option-table.ts";
import type { TokenCookies } from "../http/token-cookies.ts";
import type { JwtContext, RequestVerifier } from "../request/verify-request.ts";
import type { TokenRefresher } from "./refresher.ts";

/**
 * Whether a request's token is due for implicit refresh: an access token that came from a
 * cookie (only a cookie can be replaced by the response) and expires within
 * `implicitRefreshWindow`. A token without `exp` never is.
 */
export function expiresWithinWindow(
  options: ResolvedOptions,
  context: JwtContext<unknown, unknown, object>,
  now = Date.now(),
): boolean {
  const window = options.implicitRefreshWindow;
  if (window === false || context.location !== "cookies") return false;
  const { type, exp } = context.payload;
  return type === "access" && typeof exp === "number" && exp - now / 1000 <= window;
}

/**
 * The route's response as implicit refresh sees it, once the route has answered and before
 * the headers go out.
 *
 * @example
 * const answer: RouteAnswer = { status: reply.statusCode, setCookie: reply.getHeader("set-cookie") };
 */
export interface RouteAnswer {
  readonly status: number;
  /** The response's `Set-Cookie` header as the framework holds it: one value, a list, or nothing. */
  readonly setCookie: unknown;
}

/**
 * Implicit refresh, decided after the route: the `Set-Cookie` values of a new access token
 * when the request's token is due (see {@link expiresWithinWindow}), the route's answer
 * accepts them (see {@link acceptsImplicitRefresh}) and the token is still unrevoked, asked
 * now, so that a route that revoked its own token (a logout through `revokeToken`, a new
 * blocklist entry) gets no renewal; else `null`. The new token is not fresh, as a refreshed
 * token never is, and stays in the old token's family, so that revoking the login revokes
 * it too.
 *
 * It never throws. The route has already run, and may have changed things (a POST that
 * committed): its answer stands, and only the renewal is given up, whatever failed (the
 * store down or slow, a blocklist loader, or a claims loader of the application's). A 5xx
 * would hide the success and invite a retry of the request; the next request tries the
 * renewal again.
 */
export class ImplicitRefresh {
  readonly #options: ResolvedOptions;
  readonly #verifier: Pick<RequestVerifier, "isRevoked">;
  readonly #refresher: Pick<TokenRefresher, "renewAccess">;
  readonly #cookies: Pick<TokenCookies, "access">;

  constructor(
    options: ResolvedOptions,
    verifier: Pick<RequestVerifier, "isRevoked">,
    refresher: Pick<TokenRefresher, "renewAccess">,
    cookies: Pick<TokenCookies, "access">,
  ) {
    this.#options = options;
    this.#verifier = verifier;
    this.#refresher = refresher;
    this.#cookies = cookies;
  }

  /** The renewal's `Set-Cookie` values for a verified request and its route's answer, or `null`. */
  async cookies(
    context: JwtContext<unknown, unknown, object>,
    answer: RouteAnswer,
  ): Promise<string[] | null> {
    if (!expiresWithinWindow(this.#options, context)) return null;
    if (!acceptsImplicitRefresh(this.#options, answer.status, answer.setCookie)) return null;
    try {
      // A route may skip the revocation check, or revoke the token itself: asked afresh.
      if (await this.#verifier.isRevoked(context)) return null;
      return this.#cookies.access(await this.#refresher.renewAccess(context));
    } catch {
      return null;
    }
  }
}

const cookieLines = (setCookie: unknown): readonly string[] => {
  if (setCookie === undefined || setCookie === null) return [];
  return Array.isArray(setCookie) ? setCookie.map(String) : [String(setCookie)];
};

/**
 * Whether a response may carry the refreshed cookies: never an error response (the route
 * failed, and a 401 must not hand out a token), and never one that sets or unsets the access
 * cookie itself (a logout, a new login): the route's own decision wins.
 *
 * @param setCookie - the response's `Set-Cookie` header as the framework holds it: one
 *   value, a list, or nothing
 */
export function acceptsImplicitRefresh(
  options: ResolvedOptions,
  status: number,
  setCookie: unknown,
): boolean {
  if (status >= 400) return false;
  const prefix = `${options.accessCookieName}=`;
  return !cookieLines(setCookie).some((line) => line.trimStart().startsWith(prefix));
}
