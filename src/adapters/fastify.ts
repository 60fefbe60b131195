import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RouteOptions as FastifyRouteOptions,
} from "fastify";
import fastifyPlugin from "fastify-plugin";
import { requireJwtContext } from "../http/accessors.ts";
import type { HttpAnswer } from "../http/answer.ts";
import { createBinding } from "../http/binding.ts";
import type { Guarded as GuardDecision } from "../http/guard.ts";
import { RequestSlot } from "../http/request-slot.ts";
import { isClientError } from "../http/responses.ts";
import { isVerified, type RequiredRoute, type VerifiedContext } from "../http/verified-context.ts";
import type { JwtManager } from "../manager.ts";
import type { RouteOptions } from "../request/route-options.ts";
import type { JwtContext } from "../request/verify-request.ts";
import { addFormParsers, fastifyBodySource, measureChunkedBodies } from "./fastify-bodies.ts";
import { configHooks } from "./fastify-config-hooks.ts";
import { decorate } from "./fastify-decorations.ts";
import { addCookies, renewOnSend } from "./fastify-renewal.ts";
import { protectScope } from "./fastify-route-audit.ts";
import type { FastifyJwtContext, FastifyJwtOptions, JwtHook } from "./fastify-types.ts";
import { nodeRequestView } from "./node-request.ts";

export type {
  FastifyJwtContext,
  FastifyJwtOptions,
  FastifyJwtTypes,
  JwtHook,
  ReplyCookieMethods,
} from "./fastify-types.ts";

const send = (reply: FastifyReply, answer: HttpAnswer): FastifyReply => {
  addCookies(reply, answer.setCookies);
  return reply.code(answer.status).headers(answer.headers).send(answer.body);
};

/**
 * Binds a {@link JwtManager} to Fastify 5: a plugin (decorating `request.jwt`, the reply's
 * cookie methods and `fastify.jwtRequired`; protecting routes declared with
 * `config: { jwt: options }`; renewing cookies after guarded routes), the `jwtRequired`
 * hook factory (`preHandler`, or `onRequest` when no body location is used), and
 * accessors typed with the manager's identity, user and claims. See docs/frameworks.md.
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
  type Verified = VerifiedContext<Identity, User, Claims>;
  type Guarded = GuardDecision<Identity, User, Claims>;
  const binding = createBinding(manager);
  // Fastify's request objects are per request, so they hold the verified contexts; `guarded`
  // holds the contexts a guard verified, which alone are renewed after the route.
  const contexts = new RequestSlot<FastifyRequest, Context>("jwt-extended.context");
  const guarded = new RequestSlot<FastifyRequest, Context>("jwt-extended.guarded");
  const overLimit = new WeakSet<FastifyRequest>(); // chunked bodies past bodyLimit
  const viewOf = (request: FastifyRequest) =>
    nodeRequestView(request, async () => fastifyBodySource(request, overLimit));
  const lookup = (request: FastifyRequest) => contexts.get(request);
  const contextOf = requireJwtContext(lookup);
  const accessors = binding.accessors(lookup);
  const writers = binding.cookieWriters(addCookies);

  /** A hook that lets a request through only with a valid token (see {@link RouteOptions}). */
  const jwtRequired = (routeOptions: RouteOptions = {}): JwtHook => {
    const guard = binding.guard(routeOptions);
    // Whether the request goes on; an answer is sent here rather than thrown, which would
    // make it the error handler's (after a sent reply, Fastify runs no hook or handler).
    const pass = (request: FastifyRequest, reply: FastifyReply, decision: Guarded) => {
      if (decision.answer) return void send(reply, decision.answer);
      contexts.set(request, decision.context);
      if (binding.renews) guarded.set(request, decision.context);
      return true;
    };
    return function jwtRequiredHook(request, reply, done) {
      const decision = guard(viewOf(request));
      if (decision instanceof Promise) return decision.then((d) => pass(request, reply, d));
      if (pass(request, reply, decision)) done();
      return undefined;
    };
  };
  const hooks = configHooks(jwtRequired);

  /** An error handler answering client failures through the loaders; others go on to `next`. */
  // The handler's type is spelled out: the published declarations name no private alias.
  const jwtErrorHandler = (
    next?: NonNullable<FastifyRouteOptions["errorHandler"]>,
  ): NonNullable<FastifyRouteOptions["errorHandler"]> =>
    async function (this: FastifyInstance, error, request, reply) {
      if (isClientError(error)) return send(reply, await binding.answerError(error));
      if (next) return next.call(this, error, request, reply);
      throw error;
    };

  const plugin = fastifyPlugin(
    async (fastify: FastifyInstance) => {
      // Typed by the application's FastifyJwtTypes, which describe this manager's tokens.
      const jwt = (request: FastifyRequest) => contextOf(request) as FastifyJwtContext;
      decorate(fastify, { jwt, jwtRequired, writers });
      protectScope(fastify);
      fastify.addHook("preHandler", hooks.guard);
      fastify.addHook("onRoute", (route) => {
        hooks.check(route.config?.jwt); // a bad config.jwt fails when the route is declared
        if (options.errorHandler ?? true) route.errorHandler = jwtErrorHandler(route.errorHandler);
      });
      if (options.formBodies) addFormParsers(fastify);
      measureChunkedBodies(fastify, manager.options.bodyLimit, overLimit);
      if (binding.renews)
        fastify.addHook(
          "onSend",
          renewOnSend(binding, (r) => guarded.get(r)),
        );
    },
    { fastify: "5.x", name: "jwt-extended" },
  );

  return {
    /** Register it (`app.register(plugin)`) in the scope of the routes it protects. */
    plugin,
    jwtRequired,
    /** Verifies inside a handler; throws client failures, which the plugin answers. */
    async verifyJwtInRequest(request: FastifyRequest, routeOptions: RouteOptions = {}) {
      const context = await binding.verify(viewOf(request), routeOptions);
      contexts.set(request, context);
      return context;
    },
    jwtErrorHandler,
    /**
     * Route options (`{ preHandler, handler }`) running `handler` behind a required guard,
     * with the verified context typed: identity and user without a null check.
     *
     * @example
     * app.get("/me", protect((request, reply, jwt) => ({ name: jwt.user.name })));
     */
    protect<Result>(
      handler: (request: FastifyRequest, reply: FastifyReply, jwt: Verified) => Result,
      routeOptions: RouteOptions & RequiredRoute = {},
    ) {
      return {
        preHandler: jwtRequired(routeOptions),
        handler: async (request: FastifyRequest, reply: FastifyReply) => {
          const context = contextOf(request);
          return isVerified(context) ? handler(request, reply, context) : reply.callNotFound();
        },
      };
    },
    /** A handler answering a refresh, behind `{ refresh: true }`; throws client failures. */
    async refresh(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
      return send(reply, await binding.refresh(contexts.get(request)));
    },
    /** Revokes what the request presents and unsets the JWT cookies; the route answers. */
    async logout(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      addCookies(reply, await binding.logout(viewOf(request), contexts.get(request)));
    },
    ...accessors,
    ...writers,
  };
}

/** What {@link fastifyJwt} returns, to pass a binding around. */
export type FastifyJwt<Identity, User, Claims extends object> = ReturnType<
  typeof fastifyJwt<Identity, User, Claims>
>;
