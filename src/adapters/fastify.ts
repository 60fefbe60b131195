import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RouteOptions as FastifyRouteOptions,
} from "fastify";
import fastifyPlugin from "fastify-plugin";
import { COOKIE_WRITER_NAMES, createCookieWriters } from "../http/cookie-writers.ts";
import type { JwtResponse } from "../loaders.ts";
import type { JwtManager } from "../manager.ts";
import { answerRefresh } from "../http/refresh-answer.ts";
import { createJwtAccessors, requireJwtContext } from "../http/accessors.ts";
import type { RequestView } from "../request-view.ts";
import { isClientError, serializeResponse } from "../responses.ts";
import type { RouteOptions } from "../route-options.ts";
import type { JwtContext } from "../verify-request.ts";
import { addFormParsers, fastifyBodySource, measureChunkedBodies } from "./fastify-bodies.ts";
import { protectScope, wantsJwt } from "./fastify-route-audit.ts";
import type { FastifyJwtContext, FastifyJwtOptions, JwtHook } from "./fastify-types.ts";
import { nodeRequestView } from "./node-request.ts";

export type {
  FastifyJwtContext,
  FastifyJwtOptions,
  FastifyJwtTypes,
  JwtHook,
  ReplyCookieMethods,
} from "./fastify-types.ts";

type RouteErrorHandler = NonNullable<FastifyRouteOptions["errorHandler"]>;

const send = (reply: FastifyReply, response: JwtResponse): FastifyReply => {
  const { status, headers, body } = serializeResponse(response);
  return reply.code(status).headers(headers).send(body);
};

/**
 * Binds a {@link JwtManager} to Fastify 5: a plugin (decorating `request.jwt`, the reply's
 * cookie methods and `fastify.jwtRequired`; protecting routes declared with
 * `config: { jwt: options }`), the `jwtRequired` hook factory, and accessors typed with
 * the manager's identity, user and claims.
 *
 * `jwtRequired` runs as `preHandler` (the body is parsed by then, which the json location
 * and the CSRF form field need; route config uses it) or as `onRequest` (cheaper: before
 * the body is read, so only headers, cookies and the query string can hold the token).
 *
 * The plugin protects every `config: { jwt }` route of the scope it is registered in,
 * declared before or after it, and of the child scopes created after it. Any other route
 * declaring `config.jwt`, in an application where this module was loaded before
 * `Fastify()` was called, makes `app.ready()` and `app.listen()` reject with a
 * `ConfigurationError` naming it; the plugin refuses to register in an application created
 * before this module was loaded, whose routes could not be watched.
 *
 * @example
 * const { plugin, jwtRequired, getJwtIdentity } = fastifyJwt(jwt);
 * await app.register(plugin);
 * app.get("/protected", { preHandler: jwtRequired() }, async (request) => ({ user: getJwtIdentity(request) }));
 * app.get("/fresh", { config: { jwt: { fresh: true } } }, async (request) => request.jwt.payload);
 */
export function fastifyJwt<Identity, User, Claims extends object>(
  manager: JwtManager<Identity, User, Claims>,
  options: FastifyJwtOptions = {},
) {
  type Context = JwtContext<Identity, User, Claims>;
  // Fastify's request objects are per request, so they key the verified contexts.
  const contexts = new WeakMap<FastifyRequest, Context>();

  // Requests whose chunked body passed the manager's bodyLimit.
  const overLimit = new WeakSet<FastifyRequest>();

  const viewOf = (request: FastifyRequest): RequestView =>
    nodeRequestView(request, async () => fastifyBodySource(request, overLimit));

  /** A hook that lets a request through only with a valid token (see {@link RouteOptions}). */
  const jwtRequired = (routeOptions: RouteOptions = {}): JwtHook => {
    const route = manager.route(routeOptions);
    return async function jwtRequiredHook(request, reply) {
      const result = await manager.authenticate(viewOf(request), route);
      // Answered here rather than thrown, which would make it the error handler's.
      if (!result.ok) return send(reply, result.response);
      contexts.set(request, result.context);
      return undefined;
    };
  };

  // One hook per distinct `config.jwt` value: routes' options are checked once.
  const defaultHook = jwtRequired();
  const configHooks = new WeakMap<object, JwtHook>();
  const hookFor = (wanted: unknown): JwtHook => {
    if (wanted === null || typeof wanted !== "object") return defaultHook;
    let hook = configHooks.get(wanted);
    if (hook === undefined) {
      hook = jwtRequired(wanted);
      configHooks.set(wanted, hook);
    }
    return hook;
  };

  /**
   * The plugin's guard, a `preHandler` of its whole scope: Fastify gives a scope's hooks to
   * every route of the scope, whether declared before or after the plugin was registered,
   * and runs them before the route's own preHandlers.
   */
  const guardConfiguredRoutes = async (
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<unknown> => {
    const wanted: unknown = request.routeOptions.config.jwt;
    return wantsJwt(wanted) ? hookFor(wanted)(request, reply) : undefined;
  };

  /**
   * An error handler (for `setErrorHandler` or a route's `errorHandler`) answering client
   * failures through the loaders and passing every other error on: to `next` when given,
   * else to the next handler in Fastify's chain.
   */
  const jwtErrorHandler = (next?: RouteErrorHandler): RouteErrorHandler =>
    async function (this: FastifyInstance, error, request, reply) {
      if (isClientError(error)) return send(reply, await manager.errorResponse(error));
      if (next) return next.call(this, error, request, reply);
      throw error;
    };

  const writers = createCookieWriters(manager, (reply: FastifyReply, cookies) => {
    // Fastify appends repeated set-cookie headers rather than replacing them.
    for (const cookie of cookies) reply.header("set-cookie", cookie);
  });

  // Implicit refresh's "after the route" point: onSend, before the headers go out.
  const implicitRefresh = async (
    request: FastifyRequest,
    reply: FastifyReply,
    payload: unknown,
  ): Promise<unknown> => {
    const context = contexts.get(request);
    if (context === undefined) return payload;
    const answer = { status: reply.statusCode, setCookie: reply.getHeader("set-cookie") };
    for (const cookie of (await manager.implicitRefreshCookies(context, answer)) ?? []) {
      reply.header("set-cookie", cookie);
    }
    return payload;
  };

  const plugin = fastifyPlugin(
    async (fastify: FastifyInstance) => {
      const contextOf = requireJwtContext((request: FastifyRequest) => contexts.get(request));
      fastify.decorateRequest("jwt", {
        getter(this: FastifyRequest): FastifyJwtContext {
          // Typed by the application's FastifyJwtTypes, which describe this manager's tokens.
          return contextOf(this) as unknown as FastifyJwtContext;
        },
      });
      fastify.decorate("jwtRequired", jwtRequired);
      for (const name of COOKIE_WRITER_NAMES) {
        const write = writers[name] as (reply: FastifyReply, ...rest: unknown[]) => void;
        fastify.decorateReply(name, function (this: FastifyReply, ...rest: unknown[]) {
          write(this, ...rest);
          return this;
        });
      }
      protectScope(fastify);
      fastify.addHook("preHandler", guardConfiguredRoutes);
      fastify.addHook("onRoute", (route) => {
        // Checks the route's options when it is declared, not at its first request.
        if (wantsJwt(route.config?.jwt)) hookFor(route.config?.jwt);
        if (options.errorHandler ?? true) route.errorHandler = jwtErrorHandler(route.errorHandler);
      });
      if (options.formBodies) addFormParsers(fastify);
      measureChunkedBodies(fastify, manager.options.bodyLimit, overLimit);
      // Implicit refresh needs the plugin: only a hook can act after the route.
      if (manager.options.implicitRefreshWindow !== false)
        fastify.addHook("onSend", implicitRefresh);
    },
    { fastify: "5.x", name: "jwt-extended" },
  );

  return {
    /**
     * Register it (`app.register(plugin)`) in the scope of the routes it protects or an
     * enclosing one, before their child scopes.
     */
    plugin,
    jwtRequired,
    /**
     * Verifies the request inside a handler; throws a `JwtExtendedError` for the client's
     * failures, which the plugin's error handler answers through the loaders.
     */
    async verifyJwtInRequest(request: FastifyRequest, routeOptions: RouteOptions = {}) {
      const context = await manager.verifyRequest(viewOf(request), routeOptions);
      contexts.set(request, context);
      return context;
    },
    jwtErrorHandler,
    /**
     * A route handler answering a refresh request, on a route protected with
     * `{ refresh: true }`: a new access token, and with `refreshRotation` a new refresh
     * token, as cookies when the refresh token was a cookie, else in the body. Throws a
     * `JwtExtendedError` (a reused refresh token: 401; the store unreachable: 503), which
     * the plugin's error handler answers.
     */
    async refresh(request: FastifyRequest, reply: FastifyReply): Promise<Record<string, string>> {
      const context = contexts.get(request);
      if (context === undefined) throw new Error("refresh() needs jwtRequired({ refresh: true })");
      const { body, cookies } = await answerRefresh(manager, context);
      for (const cookie of cookies) reply.header("set-cookie", cookie);
      return { ...body };
    },
    /**
     * Revokes every token the request presents (access and refresh, cookie or header flow)
     * and their families, then unsets the JWT cookies; the route answers. Throws a
     * `StoreUnavailableError` (503) when the revocation cannot be stored.
     */
    async logout(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      await manager.revokeRequestTokens(viewOf(request), contexts.get(request));
      writers.unsetJwtCookies(reply);
    },
    ...createJwtAccessors((request: FastifyRequest) => contexts.get(request)),
    ...writers,
  };
}

/**
 * What {@link fastifyJwt} returns, to pass a binding around.
 *
 * @example
 * function routes(app: FastifyInstance, { jwtRequired }: FastifyJwt<string, User, Claims>) {}
 */
export type FastifyJwt<Identity, User, Claims extends object> = ReturnType<
  typeof fastifyJwt<Identity, User, Claims>
>;
