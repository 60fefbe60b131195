import type { Context, Middleware, Next, ParameterizedContext } from "koa";
import type { HttpAnswer } from "../http/answer.ts";
import { createBinding } from "../http/binding.ts";
import { type Guarded, thenGuarded } from "../http/guard.ts";
import { isClientError } from "../http/responses.ts";
import type { RequiredRoute, VerifiedContext } from "../http/verified-context.ts";
import type { JwtManager } from "../manager.ts";
import type { RouteOptions } from "../request/route-options.ts";
import type { JwtContext } from "../request/verify-request.ts";
import { type BodyHolder, parsedNodeBody } from "./node-parsed-body.ts";
import { nodeRequestView } from "./node-request.ts";

/**
 * The state `jwtRequired` sets: `ctx.state.jwt` is the verified request's
 * {@link JwtContext} (a {@link VerifiedContext} behind a required guard). Give it to
 * `new Koa<JwtState<...>>()` to type `ctx.state.jwt` in every middleware of an app.
 *
 * @example
 * const app = new Koa<JwtState<VerifiedContext<string, User>>>();
 */
export interface JwtState<Ctx = JwtContext> {
  /** The verified request's context, set by `jwtRequired` or `verifyJwtInRequest`. */
  jwt: Ctx;
}

const send = (ctx: Context, { status, headers, setCookies, body }: HttpAnswer): void => {
  ctx.status = status;
  ctx.set(headers);
  if (setCookies.length > 0) ctx.append("Set-Cookie", [...setCookies]);
  ctx.body = body;
};

/**
 * Binds a {@link JwtManager} to Koa 3: the `jwtRequired` middleware (setting
 * `ctx.state.jwt`, and renewing cookies once the route has answered), inline verification,
 * accessors and cookie helpers on the `Context`. The body, for the json location and the
 * CSRF form field only, is what a body parser put on `ctx.request.body`, or else read here
 * and left there parsed.
 *
 * @example
 * const { jwtRequired, jwtErrorHandler } = koaJwt(jwt);
 * app.use(jwtErrorHandler()).use(jwtRequired()).use((ctx) => {
 *   ctx.body = { user: ctx.state.jwt.identity };
 * });
 */
export function koaJwt<Identity, User, Claims extends object>(
  manager: JwtManager<Identity, User, Claims>,
) {
  type Ctx = JwtContext<Identity, User, Claims>;
  const binding = createBinding(manager);
  const { bodyLimit } = manager.options;
  const viewOf = (ctx: Context) =>
    nodeRequestView(
      { method: ctx.method, url: ctx.originalUrl, headers: ctx.req.headers, raw: ctx.req },
      () => parsedNodeBody(ctx.request as BodyHolder, ctx.req, bodyLimit),
    );
  const contextOf = (ctx: Context): Ctx | undefined => ctx.state.jwt;

  function jwtRequired(
    options?: RouteOptions & RequiredRoute,
  ): Middleware<JwtState<VerifiedContext<Identity, User, Claims>>>;
  function jwtRequired(options: RouteOptions): Middleware<JwtState<Ctx>>;
  /** Middleware that lets a request through only with a valid token (see {@link RouteOptions}). */
  function jwtRequired(options: RouteOptions = {}): Middleware<JwtState<Ctx>> {
    const guard = binding.guard(options);
    const pass = async (
      ctx: ParameterizedContext<JwtState<Ctx>>,
      next: Next,
      { context, answer }: Guarded<Identity, User, Claims>,
    ) => {
      if (answer) return send(ctx, answer);
      ctx.state.jwt = context;
      await next();
      // The after-route point: Koa writes the response once every middleware has returned.
      if (!binding.due(context)) return;
      const routeAnswer = { status: ctx.status, setCookie: ctx.response.headers["set-cookie"] };
      const cookies = await binding.afterRoute(context, routeAnswer);
      if (cookies !== null) ctx.append("Set-Cookie", [...cookies]);
    };
    return (ctx, next) => thenGuarded(guard(viewOf(ctx)), (decision) => pass(ctx, next, decision));
  }

  return {
    jwtRequired,

    /**
     * Middleware, first in the app, answering the `JwtExtendedError`s thrown below it
     * (`verifyJwtInRequest`, `refresh`, `logout`) as JSON through the loaders; every other
     * error goes on to Koa's own error handling.
     */
    jwtErrorHandler(): Middleware {
      return async (ctx, next) => {
        try {
          await next();
        } catch (error) {
          if (!isClientError(error)) throw error;
          send(ctx, await binding.answerError(error));
        }
      };
    },

    /**
     * Verifies the request inside a middleware and sets `ctx.state.jwt`; throws a
     * `JwtExtendedError` for the client's failures, which `jwtErrorHandler` answers.
     */
    async verifyJwtInRequest(ctx: Context, options: RouteOptions = {}): Promise<Ctx> {
      const context = await binding.verify(viewOf(ctx), options);
      ctx.state.jwt = context;
      return context;
    },

    /**
     * Answers a refresh request behind `jwtRequired({ refresh: true })`. Throws a
     * `JwtExtendedError` (a reused refresh token: 401; the store unreachable: 503).
     */
    async refresh(ctx: Context): Promise<void> {
      send(ctx, await binding.refresh(contextOf(ctx)));
    },

    /**
     * Revokes every token the request presents and their families, then unsets the JWT
     * cookies; the route answers. Throws a `StoreUnavailableError` (503).
     */
    async logout(ctx: Context): Promise<void> {
      ctx.append("Set-Cookie", [...(await binding.logout(viewOf(ctx), contextOf(ctx)))]);
    },

    ...binding.accessors(contextOf),
    ...binding.cookieWriters((ctx: Context, cookies) => ctx.append("Set-Cookie", cookies)),
  };
}

/** What {@link koaJwt} returns, to pass a binding around. */
export type KoaJwt<Identity, User, Claims extends object> = ReturnType<
  typeof koaJwt<Identity, User, Claims>
>;
