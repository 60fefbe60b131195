import type { FastifyReply, FastifyRequest, onSendHookHandler } from "fastify";
import type { HttpBinding } from "../http/binding.ts";
import type { JwtContext } from "../request/verify-request.ts";

/** Adds `Set-Cookie` lines to a reply: Fastify appends repeated set-cookie headers. */
export const addCookies = (reply: FastifyReply, cookies: readonly string[]): void => {
  for (const cookie of cookies) reply.header("set-cookie", cookie);
};

/**
 * The after-route point of implicit refresh on Fastify (the plugin's and NestJS's): an
 * onSend hook, before the headers go out, renewing the access cookie of a request a guard
 * let through (`guardedContext`) whose token is due. A callback hook, so that the usual
 * request (nothing due) goes on at once, with no promise.
 */
export function renewOnSend<Identity, User, Claims extends object>(
  binding: HttpBinding<Identity, User, Claims>,
  guardedContext: (request: FastifyRequest) => JwtContext<Identity, User, Claims> | undefined,
): onSendHookHandler {
  return (request, reply: FastifyReply, payload, done) => {
    const context = guardedContext(request);
    if (context === undefined || !binding.due(context)) return done(null, payload);
    const answer = { status: reply.statusCode, setCookie: reply.getHeader("set-cookie") };
    // afterRoute never throws: a failed renewal leaves the answer as it is.
    void binding.afterRoute(context, answer).then((cookies) => {
      addCookies(reply, cookies ?? []);
      done(null, payload);
    });
  };
}
