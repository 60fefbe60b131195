import type { Context, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode, StatusCode } from "hono/utils/http-status";
import { createCookieWriters } from "../http/cookie-writers.ts";
import type { JwtResponse } from "../loaders.ts";
import type { JwtManager } from "../manager.ts";
import { answerRefresh } from "../http/refresh-answer.ts";
import { createJwtAccessors } from "../http/accessors.ts";
import type { RequestView } from "../request-view.ts";
import { isClientError, serializeResponse } from "../responses.ts";
import type { RouteOptions } from "../route-options.ts";
import type { JwtContext } from "../verify-request.ts";
import { webRequestView } from "../web-request.ts";

/**
 * The context variables `jwtRequired` sets: `c.get("jwt")` is the verified request's
 * {@link JwtContext}. Handlers after the middleware get the type by themselves; give it to
 * `new Hono<JwtEnv<...>>()` to type `c.get("jwt")` in every handler of an app.
 *
 * @example
 * const app = new Hono<JwtEnv<string, User>>();
 * app.get("/me", jwtRequired(), (c) => c.json({ name: c.get("jwt").user?.name }));
 */
export interface JwtEnv<
  Identity = unknown,
  User = unknown,
  Claims extends object = Record<string, unknown>,
> {
  Variables: { jwt: JwtContext<Identity, User, Claims> };
}

/**
 * Binds a {@link JwtManager} to Hono 4: the `jwtRequired` middleware (setting the typed
 * context variable `jwt`), inline verification, accessors and cookie helpers on the
 * `Context`, typed with the manager's identity, user and claims.
 *
 * The body is read, for the json location and the CSRF form field only, from a clone of
 * the request, so `await c.req.json()` still works in the handler.
 *
 * @example
 * const { jwtRequired, setAccessCookies } = honoJwt(jwt);
 * app.get("/protected", jwtRequired(), (c) => c.json({ user: c.get("jwt").identity }));
 */
export function honoJwt<Identity, User, Claims extends object>(
  manager: JwtManager<Identity, User, Claims>,
) {
  type Ctx = JwtContext<Identity, User, Claims>;
  const { bodyLimit } = manager.options;

  const viewOf = (c: Context): RequestView =>
    webRequestView(c.req.raw, {
      bodyLimit,
      // A middleware before this one may have read the body through Hono's cache.
      consumedBody: () => c.req.arrayBuffer(),
    });

  // Through the Context, so that headers other middleware set with c.header() are kept.
  const respond = (c: Context, response: JwtResponse): Response => {
    const { status, headers, body } = serializeResponse(response);
    if (body === null) return c.body(null, status as StatusCode, headers);
    return c.body(body, status as ContentfulStatusCode, headers);
  };

  // A client failure of a helper, thrown as verifyJwtInRequest throws it.
  const throwAnswered = async (c: Context, error: unknown): Promise<never> => {
    if (!isClientError(error)) throw error;
    const res = respond(c, await manager.errorResponse(error));
    throw new HTTPException(res.status as ContentfulStatusCode, { res, cause: error });
  };

  const refreshes = manager.options.implicitRefreshWindow !== false;

  // Implicit refresh's "after the route" point: the route's Response, once next() returns.
  const implicitRefresh = async (c: Context, context: Ctx): Promise<void> => {
    const answer = { status: c.res.status, setCookie: c.res.headers.getSetCookie() };
    for (const cookie of (await manager.implicitRefreshCookies(context, answer)) ?? []) {
      c.header("set-cookie", cookie, { append: true });
    }
  };

  return {
    /** Middleware that lets a request through only with a valid token (see {@link RouteOptions}). */
    jwtRequired(options: RouteOptions = {}): MiddlewareHandler<JwtEnv<Identity, User, Claims>> {
      const route = manager.route(options);
      return async (c, next) => {
        const result = await manager.authenticate(viewOf(c), route);
        if (!result.ok) return respond(c, result.response);
        c.set("jwt", result.context);
        await next();
        // Off by default: then the route's response is not even looked at.
        if (refreshes) await implicitRefresh(c, result.context);
      };
    },

    /**
     * Verifies the request inside a handler and sets `c.get("jwt")`. A client failure is
     * thrown as Hono's `HTTPException` carrying the loader's response, which Hono's error
     * handling answers (`err.getResponse()` in a custom `app.onError`).
     */
    async verifyJwtInRequest(c: Context, options: RouteOptions = {}): Promise<Ctx> {
      try {
        const context = await manager.verifyRequest(viewOf(c), options);
        c.set("jwt", context);
        return context;
      } catch (error) {
        return throwAnswered(c, error);
      }
    },

    /**
     * A handler answering a refresh request, after `jwtRequired({ refresh: true })`: a new
     * access token, and with `refreshRotation` a new refresh token, as cookies when the
     * refresh token was a cookie, else in the body. A client failure (a reused refresh
     * token: 401; the store unreachable: 503) is thrown as an `HTTPException` carrying the
     * loaders' response, as {@link verifyJwtInRequest} does.
     */
    async refresh(c: Context): Promise<Response> {
      const context: Ctx | undefined = c.get("jwt");
      if (context === undefined) throw new Error("refresh() needs jwtRequired({ refresh: true })");
      const { body, cookies } = await answerRefresh(manager, context).catch((error: unknown) =>
        throwAnswered(c, error),
      );
      for (const cookie of cookies) c.header("set-cookie", cookie, { append: true });
      return c.json(body);
    },

    /**
     * Revokes every token the request presents (access and refresh, cookie or header flow)
     * and their families, then unsets the JWT cookies; the route answers. When the
     * revocation cannot be stored, throws an `HTTPException` carrying the 503 response.
     */
    async logout(c: Context): Promise<void> {
      await manager
        .revokeRequestTokens(viewOf(c), c.get("jwt"))
        .catch((error: unknown) => throwAnswered(c, error));
      for (const cookie of manager.unsetJwtCookies())
        c.header("set-cookie", cookie, { append: true });
    },

    ...createJwtAccessors((c: Context): Ctx | undefined => c.get("jwt")),
    ...createCookieWriters(manager, (c: Context, cookies) => {
      for (const cookie of cookies) c.header("set-cookie", cookie, { append: true });
    }),
  };
}

/**
 * What {@link honoJwt} returns, to pass a binding around.
 *
 * @example
 * function routes(app: Hono, { jwtRequired }: HonoJwt<string, User, Claims>) {}
 */
export type HonoJwt<Identity, User, Claims extends object> = ReturnType<
  typeof honoJwt<Identity, User, Claims>
>;
