import { MissingGuardError } from "../errors.ts";
import type { JwtManager } from "../manager.ts";
import type { RequestView } from "../request/request-view.ts";
import type { RouteOptions } from "../request/route-options.ts";
import type { JwtContext } from "../request/verify-request.ts";
import { expiresWithinWindow, type RouteAnswer } from "../revocation/implicit-refresh.ts";
import { createJwtAccessors, type JwtAccessors } from "./accessors.ts";
import { type HttpAnswer, toAnswer, withSetCookies } from "./answer.ts";
import { type CookieWriters, createCookieWriters } from "./cookie-writers.ts";
import { answerClientError, createGuard, type Guard } from "./guard.ts";
import { answerRefresh } from "./refresh-answer.ts";

/**
 * Every decision an HTTP adapter faces, made once for all frameworks: an adapter builds a
 * {@link RequestView}, keeps the context a guard returns on its request, writes the
 * {@link HttpAnswer}s, and calls {@link HttpBinding.afterRoute} at its framework's
 * after-route point. See docs/adapters.md.
 *
 * @example
 * const binding = createBinding(jwt);
 * const guard = binding.guard({ fresh: true });
 * const { context, answer } = await guard(view);
 */
export interface HttpBinding<Identity, User, Claims extends object> {
  readonly manager: JwtManager<Identity, User, Claims>;
  /** A route's guard; its options are checked now, when the route is declared. */
  guard(options?: RouteOptions): Guard<Identity, User, Claims>;
  /** The check inside a handler: the context, or a thrown `JwtExtendedError`. */
  verify(view: RequestView, options?: RouteOptions): Promise<JwtContext<Identity, User, Claims>>;
  /**
   * Whether implicit refresh can happen at all: a window is set and cookies are among the
   * token locations (only a cookie can be renewed). When not, an adapter installs no
   * after-route hook.
   */
  readonly renews: boolean;
  /**
   * Whether a guarded request's token is due for implicit refresh (cheap, synchronous).
   * An adapter asks this before it reads the route's answer, which can be costly (a Web
   * `Response`'s headers), and before it goes async.
   */
  due(context: JwtContext<Identity, User, Claims>): boolean;
  /**
   * The after-route step of implicit refresh, for a request a guard let through: the
   * `Set-Cookie` lines to add to the route's answer, or `null`. Never for an error status,
   * an answer that sets the access cookie itself, or a token revoked meanwhile; it never
   * throws (a failed renewal leaves the route's answer as it is).
   */
  afterRoute(
    context: JwtContext<Identity, User, Claims>,
    answer: RouteAnswer,
  ): Promise<readonly string[] | null>;
  /**
   * {@link HttpBinding.afterRoute} for a route that answered with a Web `Response`: the
   * response itself, or a copy of it with the renewed cookies.
   */
  afterRouteResponse(
    context: JwtContext<Identity, User, Claims>,
    response: Response,
  ): Promise<Response>;
  /**
   * The answer to a refresh request behind `guard({ refresh: true })`: 200 with the new
   * tokens (see `answerRefresh`). Throws the client's failure (a reused refresh token: 401;
   * the store unreachable: 503) as a `JwtExtendedError`, and a `MissingGuardError` without
   * a context.
   */
  refresh(context: JwtContext<Identity, User, Claims> | undefined): Promise<HttpAnswer>;
  /**
   * A logout: revokes every token the request presents and their families (see
   * `JwtManager.revokeRequestTokens`), and returns the `Set-Cookie` lines that unset the
   * JWT cookies, for the route's own answer. Throws a `StoreUnavailableError` (503).
   */
  logout(
    view: RequestView,
    context: JwtContext<Identity, User, Claims> | undefined,
  ): Promise<readonly string[]>;
  /** The loaders' answer to a client failure; rethrows every other error. */
  answerError(error: unknown): Promise<HttpAnswer>;
  /** `getJwt`, `getJwtIdentity`... over the adapter's way of finding a request's context. */
  accessors<Req>(
    lookup: (req: Req) => JwtContext<Identity, User, Claims> | undefined,
  ): JwtAccessors<Req, Identity, User, Claims>;
  /** `setAccessCookies` and its siblings over the adapter's way of adding `Set-Cookie`. */
  cookieWriters<Target>(append: (target: Target, cookies: string[]) => void): CookieWriters<Target>;
}

/**
 * The {@link HttpBinding} of a manager. Build it once, when the adapter is created.
 *
 * @example
 * const binding = createBinding(jwt);
 */
export function createBinding<Identity, User, Claims extends object>(
  manager: JwtManager<Identity, User, Claims>,
): HttpBinding<Identity, User, Claims> {
  const { options } = manager;
  return {
    manager,
    guard: (routeOptions = {}) => createGuard(manager, routeOptions),
    verify: (view, routeOptions = {}) => manager.verifyRequest(view, routeOptions),
    renews: options.implicitRefreshWindow !== false && options.tokenLocation.includes("cookies"),
    due: (context) => expiresWithinWindow(options, context),
    afterRoute: (context, answer) => manager.implicitRefreshCookies(context, answer),
    async afterRouteResponse(context, response) {
      const setCookie = response.headers.getSetCookie();
      const cookies = await manager.implicitRefreshCookies(context, {
        status: response.status,
        setCookie,
      });
      return cookies === null ? response : withSetCookies(response, cookies);
    },
    async refresh(context) {
      if (context === undefined) {
        throw new MissingGuardError("refresh() needs jwtRequired({ refresh: true })");
      }
      const { body, cookies } = await answerRefresh(manager, context);
      return toAnswer({ status: 200, body }, cookies);
    },
    async logout(view, context) {
      await manager.revokeRequestTokens(view, context);
      return manager.unsetJwtCookies();
    },
    answerError: (error) => answerClientError(manager, error),
    accessors: (lookup) => createJwtAccessors(lookup),
    cookieWriters: (append) => createCookieWriters(manager, append),
  };
}
