import type { FastifyReply, FastifyRequest } from "fastify";
import type { RouteOptions } from "../request/route-options.ts";
import { wantsJwt } from "./fastify-route-audit.ts";
import type { JwtHook } from "./fastify-types.ts";

/**
 * The guards of the routes declared with `config: { jwt }`: one hook per distinct value,
 * so each route's options are checked once, when the route is declared (`check`), and the
 * scope's `preHandler` (`guard`) runs the route's hook on each request.
 */
export function configHooks(jwtRequired: (options?: RouteOptions) => JwtHook) {
  const byValue = new WeakMap<object, JwtHook>();
  const defaultHook = jwtRequired();
  const hookFor = (wanted: unknown): JwtHook => {
    if (wanted === null || typeof wanted !== "object") return defaultHook;
    let hook = byValue.get(wanted);
    if (hook === undefined) {
      hook = jwtRequired(wanted);
      byValue.set(wanted, hook);
    }
    return hook;
  };
  return {
    check(wanted: unknown): void {
      if (wantsJwt(wanted)) hookFor(wanted);
    },
    /**
     * The plugin's guard, a `preHandler` of its whole scope: Fastify gives a scope's hooks
     * to every route of the scope, whether declared before or after the plugin was
     * registered, and runs them before the route's own preHandlers.
     */
    guard(request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void {
      // A callback hook: most routes of the scope ask for nothing, and pass without a promise.
      const wanted: unknown = request.routeOptions.config.jwt;
      if (wantsJwt(wanted)) {
        // After an answer sent here, Fastify runs no further hook and no handler.
        hookFor(wanted)(request, reply, done)?.then(() => done(), done);
      } else {
        done();
      }
    },
  };
}
