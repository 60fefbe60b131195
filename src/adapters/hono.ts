import type { Context, MiddlewareHandler, Next } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode, StatusCode } from "hono/utils/http-status";
import type { HttpAnswer } from "../http/answer.ts";
import { createBinding } from "../http/binding.ts";
import { type Guarded, thenGuarded } from "../http/guard.ts";
import { isClientError } from "../http/responses.ts";
import type { RequiredRoute, VerifiedContext } from "../http/verified-context.ts";
import type { JwtManager } from "../manager.ts";
import type { RouteOptions } from "../request/route-options.ts";
import type { JwtContext } from "../request/verify-request.ts";
import { webRequestView } from "../request/web-request.ts";

/**
 * The context variables `jwtRequired` sets: `c.get("jwt")` is the verified request's
 * {@link JwtContext}. Handlers after the middleware get the type by themselves (a
 * {@link VerifiedContext} behind a required guard); give it to `new Hono<JwtEnv<...>>()` to
 * type `c.get("jwt")` in every handler of an app.
 *
 * @example
 * const app = new Hono<JwtEnv<string, User>>();
 * app.get("/me", jwtRequired(), (c) => c.json({ name: c.get("jwt").user?.name }));
 */
export interface JwtEnv<
  Identity = unknown,
  User = unknown,
  Claims extends object = Record<string, unknown>,
  Ctx extends JwtContext<Identity, User, Claims> = JwtContext<Identity, User, Claims>,
> {
  Variables: { jwt: Ctx };
}

/**
 * Binds a {@link JwtManager} to Hono 4: the `jwtRequired` middleware (setting the typed
 * context variable `jwt`, and renewing cookies after the route), inline verification,
 * accessors and cookie helpers on the `Context`. The body is read, for the json location
 * and the CSRF form field only, from a clone of the request.
 *
 * @example
 * const { jwtRequired, setAccessCookies } = honoJwt(jwt);
 * app.get("/protected", jwtRequired(), (c) => c.json({ user: c.get("jwt").identity }));
 */
export function honoJwt<Identity, User, Claims extends object>(
  manager: JwtManager<Identity, User, Claims>,
) {
  type Ctx = JwtContext<Identity, User, Claims>;
  const binding = createBinding(manager);
  const { bodyLimit } = manager.options;
  // A middleware before this one may have read the body through Hono's cache.
  const viewOf = (c: Context) =>
    webRequestView(c.req.raw, { bodyLimit, consumedBody: () => c.req.arrayBuffer() });
  const addCookies = (c: Context, cookies: readonly string[]): void => {
    for (const cookie of cookies) c.header("set-cookie", cookie, { append: true });
  };
  // Through the Context, so that headers other middleware set with c.header() are kept.
  const respond = (c: Context, { status, headers, setCookies, body }: HttpAnswer): Response => {
    addCookies(c, setCookies);
    if (body === null) return c.body(null, status as StatusCode, headers);
    return c.body(body, status as ContentfulStatusCode, headers);
  };
  // Hono's error path: an HTTPException carrying the loaders' answer.
  const throwAnswered = async (c: Context, error: unknown): Promise<never> => {
    if (!isClientError(error)) throw error;
    const res = respond(c, await binding.answerError(error));
    throw new HTTPException(res.status as ContentfulStatusCode, { res, cause: error });
  };

  function jwtRequired(
    options?: RouteOptions & RequiredRoute,
  ): MiddlewareHandler<JwtEnv<Identity, User, Claims, VerifiedContext<Identity, User, Claims>>>;
  function jwtRequired(options: RouteOptions): MiddlewareHandler<JwtEnv<Identity, User, Claims>>;
  /** Middleware that lets a request through only with a valid token (see {@link RouteOptions}). */
  function jwtRequired(options: RouteOptions = {}): MiddlewareHandler {
    const guard = binding.guard(options);
    const pass = async (
      c: Context,
      next: Next,
      { context, answer }: Guarded<Identity, User, Claims>,
    ) => {
      if (answer) return respond(c, answer);
      c.set("jwt", context);
      await next();
      // The after-route point: the route's Response, once next() returns. Its headers are
      // read only for a token due (on @hono/node-server, reading them builds the Response).
      if (!binding.due(context)) return;
      const routeAnswer = { status: c.res.status, setCookie: c.res.headers.getSetCookie() };
      addCookies(c, (await binding.afterRoute(context, routeAnswer)) ?? []);
    };
    return (c, next) => thenGuarded(guard(viewOf(c)), (decision) => pass(c, next, decision));
  }

  return {
    jwtRequired,
    /**
     * Verifies the request inside a handler and sets `c.get("jwt")`. A client failure is
     * thrown as Hono's `HTTPException` carrying the loaders' answer (`err.getResponse()`).
     */
    async verifyJwtInRequest(c: Context, options: RouteOptions = {}): Promise<Ctx> {
      const context = await binding.verify(viewOf(c), options).catch((e) => throwAnswered(c, e));
      c.set("jwt", context);
      return context;
    },
    /** A handler answering a refresh behind `jwtRequired({ refresh: true })`; failures as above. */
    async refresh(c: Context): Promise<Response> {
      const context: Ctx | undefined = c.get("jwt");
      return respond(c, await binding.refresh(context).catch((e) => throwAnswered(c, e)));
    },
    /** Revokes what the request presents and unsets the JWT cookies; the route answers. */
    async logout(c: Context): Promise<void> {
      const context: Ctx | undefined = c.get("jwt");
      addCookies(c, await binding.logout(viewOf(c), context).catch((e) => throwAnswered(c, e)));
    },
    ...binding.accessors((c: Context): Ctx | undefined => c.get("jwt")),
    ...binding.cookieWriters(addCookies),
  };
}

/** What {@link honoJwt} returns, to pass a binding around. */
export type HonoJwt<Identity, User, Claims extends object> = ReturnType<
  typeof honoJwt<Identity, User, Claims>
>;
