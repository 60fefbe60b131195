import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from "fastify";
import type { CookieOverrides } from "../http/cookies.ts";
import type { RouteOptions } from "../request/route-options.ts";
import type { JwtContext } from "../request/verify-request.ts";

/**
 * Augment this interface to type `request.jwt` in every handler of the application, as
 * Fastify's own decorations are typed (declaration merging). Each field is optional.
 *
 * @example
 * declare module "jwt-extended/fastify" {
 *   interface FastifyJwtTypes {
 *     identity: string;
 *     user: { id: string; roles: string[] };
 *     claims: { tenant: string };
 *   }
 * }
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the application's declaration merging
export interface FastifyJwtTypes {}

/**
 * The type of `request.jwt`: a {@link JwtContext} with the types of {@link FastifyJwtTypes}.
 *
 * @example
 * const identityOf = (jwt: FastifyJwtContext) => jwt.identity;
 */
export type FastifyJwtContext = JwtContext<
  FastifyJwtTypes extends { identity: infer I } ? I : unknown,
  FastifyJwtTypes extends { user: infer U } ? U : unknown,
  FastifyJwtTypes extends { claims: infer C extends object } ? C : Record<string, unknown>
>;

/**
 * A route hook from `jwtRequired(options)`, for `onRequest` or `preHandler`. It calls
 * `done` at once when the guard decided without waiting (the usual request), and otherwise
 * returns a promise that settles when it did, as Fastify lets a hook do either.
 *
 * @example
 * const hook: JwtHook = jwtRequired({ fresh: true });
 * app.post("/password", { preHandler: hook }, handler);
 */
export type JwtHook = (
  request: FastifyRequest,
  reply: FastifyReply,
  done: HookHandlerDoneFunction,
) => Promise<unknown> | undefined;

/**
 * The cookie helpers of BEHAVIOR.md §5 as reply methods; each returns the reply.
 *
 * @example
 * return reply.setAccessCookies(await jwt.createAccessToken("alice")).send({ msg: "login successful" });
 */
export interface ReplyCookieMethods {
  /** Sets the access-token cookie and its CSRF cookie. */
  setAccessCookies(token: string, overrides?: CookieOverrides): FastifyReply;
  /** Sets the refresh-token cookie and its CSRF cookie. */
  setRefreshCookies(token: string, overrides?: CookieOverrides): FastifyReply;
  /** Removes the access-token cookies. */
  unsetAccessCookies(overrides?: Pick<CookieOverrides, "domain">): FastifyReply;
  /** Removes the refresh-token cookies. */
  unsetRefreshCookies(overrides?: Pick<CookieOverrides, "domain">): FastifyReply;
  /** Removes every token cookie. */
  unsetJwtCookies(overrides?: Pick<CookieOverrides, "domain">): FastifyReply;
}

/**
 * How the plugin of `fastifyJwt` fits into the application.
 *
 * @example
 * const { plugin } = fastifyJwt(jwt, { formBodies: true }); // for csrfCheckForm
 */
export interface FastifyJwtOptions {
  /**
   * On every route declared after the plugin in its scope, answer the client failures that
   * `verifyJwtInRequest` throws through the loaders, as `jwtRequired` does. It is a
   * route-level error handler: every other error goes on to the route's own error handler
   * or the scope's, which stay the application's to set. @default true
   */
  errorHandler?: boolean;
  /**
   * Add parsers for `application/x-www-form-urlencoded` and `multipart/form-data` bodies
   * where the scope has none, so that `csrfCheckForm` can read the CSRF field (Fastify
   * answers 415 to both otherwise). @default false
   */
  formBodies?: boolean;
}

// What the plugin adds to Fastify's own types.
declare module "fastify" {
  interface FastifyRequest {
    /**
     * The verified request's JWT state, typed through `FastifyJwtTypes`. Reading it on a
     * route that no check verified throws.
     */
    readonly jwt: FastifyJwtContext;
  }
  interface FastifyReply extends ReplyCookieMethods {}
  interface FastifyInstance {
    /** The `jwtRequired` hook factory of the binding registered in this scope. */
    jwtRequired(options?: RouteOptions): JwtHook;
  }
  interface FastifyContextConfig {
    /**
     * Protect the route as `jwtRequired(options)` would (`true`: default options). Needs
     * the plugin in the route's scope or an enclosing one: otherwise the application fails
     * to start, with an error naming the route.
     */
    jwt?: RouteOptions | boolean;
  }
}
