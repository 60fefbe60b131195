import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { CookieWriters } from "../http/cookie-writers.ts";
import { COOKIE_WRITER_NAMES } from "../http/cookie-writers.ts";
import type { RouteOptions } from "../request/route-options.ts";
import type { FastifyJwtContext, JwtHook } from "./fastify-types.ts";

/** What the plugin adds to Fastify's objects (typed in fastify-types.ts). */
export interface Decorations {
  /** The verified request's context; throws on a request no check verified. */
  readonly jwt: (request: FastifyRequest) => FastifyJwtContext;
  readonly jwtRequired: (options?: RouteOptions) => JwtHook;
  readonly writers: CookieWriters<FastifyReply>;
}

/** `request.jwt`, `fastify.jwtRequired` and the reply's cookie methods (returning the reply). */
export function decorate(fastify: FastifyInstance, { jwt, jwtRequired, writers }: Decorations) {
  fastify.decorateRequest("jwt", {
    getter(this: FastifyRequest): FastifyJwtContext {
      return jwt(this);
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
}
