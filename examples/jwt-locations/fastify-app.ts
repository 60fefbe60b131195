import { STATUS_CODES } from "node:http";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { JwtManager } from "jwt-extended";
import { fastifyJwt } from "jwt-extended/fastify";
import { allowedMethods, PROTECTED_METHODS } from "./allowed-methods.ts";
import { loginTokens } from "./login-tokens.ts";
import {
  type DemoAnswer,
  listSessions,
  logoutEverywhere,
  revokeSession,
} from "./session-routes.ts";

const send = (reply: FastifyReply, { status, headers, setCookie, body }: DemoAnswer) => {
  reply.code(status).headers(headers);
  if (setCookie.length > 0) reply.header("set-cookie", [...setCookie]);
  return reply.send(body);
};

import type { PublicFile } from "./public-files.ts";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const pathOf = (url: string): string => url.split("?")[0] ?? "/";

export const JSON_TYPES = /^application\/(?:[\w.+-]+\+)?json(?:\s*;|\s*$)/i;

/**
 * Parses JSON bodies, `application/*+json` included, and leaves one that does not parse as
 * the text it is. Fastify's own parser answers 400 before any hook runs; the contract
 * wants the json location to report a missing key instead (BEHAVIOR.md §3).
 */
export async function parseJsonLeniently(_request: FastifyRequest, text: string): Promise<unknown> {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The document's example application on Fastify (BEHAVIOR.md §7). */
export async function createFastifyApp(
  jwt: JwtManager,
  files: ReadonlyMap<string, PublicFile>,
): Promise<FastifyInstance> {
  const app = Fastify();
  // formBodies: the CSRF form field (JWT_CSRF_CHECK_FORM) needs urlencoded and multipart bodies.
  const { plugin, jwtRequired, getJwt, getJwtIdentity, logout, refresh } = fastifyJwt(jwt, {
    formBodies: true,
  });
  await app.register(plugin);
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser(JSON_TYPES, { parseAs: "string" }, parseJsonLeniently);

  app.post("/login_without_cookies", async (request) => {
    const { accessToken, refreshToken } = await loginTokens(jwt, request.headers["user-agent"]);
    return { access_token: accessToken, refresh_token: refreshToken };
  });

  app.post("/login_with_cookies", async (request, reply) => {
    const { accessToken, refreshToken } = await loginTokens(jwt, request.headers["user-agent"]);
    reply.setAccessCookies(accessToken).setRefreshCookies(refreshToken);
    return { msg: "login successful" };
  });

  // Revokes the tokens the cookies hold (and their families), then unsets every JWT cookie.
  app.post("/logout_with_cookies", async (request, reply) => {
    await logout(request, reply);
    return { msg: "logout successful" };
  });

  // Revokes the presented tokens, whatever their location: the access token that passed,
  // a refresh token in the refresh cookie or the JSON body, and their families.
  app.delete("/logout", { config: { jwt: true } }, async (request, reply) => {
    await logout(request, reply);
    return { msg: "logout successful" };
  });

  // Every token of the caller's identity, whatever the login; then the cookies.
  app.delete("/logout_everywhere", { config: { jwt: true } }, async (request, reply) =>
    send(reply, await logoutEverywhere(jwt, request.jwt.identity)),
  );

  // The caller's logins (with JWT_REFRESH_ROTATION=true), and ending one of them.
  app.get("/sessions", { config: { jwt: true } }, async (request, reply) =>
    send(reply, await listSessions(jwt, request.jwt.identity, request.jwt.payload)),
  );
  app.delete<{ Params: { id: string } }>(
    "/sessions/:id",
    { config: { jwt: true } },
    async (request, reply) =>
      send(reply, await revokeSession(jwt, request.jwt.identity, request.params.id)),
  );

  // Protection as route config ...
  app.route({
    method: [...PROTECTED_METHODS],
    url: "/protected",
    config: { jwt: true },
    handler: async () => ({ foo: "bar" }),
  });

  app.get("/only_headers", { config: { jwt: { locations: ["headers"] } } }, async () => ({
    foo: "baz",
  }));

  // A new access token; with JWT_REFRESH_ROTATION=true a new refresh token too.
  app.post("/refresh", { config: { jwt: { refresh: true } } }, refresh);

  app.get("/optional", { config: { jwt: { optional: true } } }, async (request) => ({
    identity: request.jwt.identity,
  }));

  app.route({
    method: ["GET", "POST"],
    url: "/fresh",
    config: { jwt: { fresh: true } },
    handler: async () => ({ foo: "fresh" }),
  });

  // ... or as a hook, with the accessors of the Python library.
  app.route({
    method: ["GET", "POST"],
    url: "/whoami",
    preHandler: jwtRequired(),
    handler: async (request) => {
      const { type, fresh } = getJwt(request);
      return { identity: getJwtIdentity(request), type, fresh };
    },
  });

  app.get("/*", async (request, reply) => {
    const file = files.get(pathOf(request.url));
    if (!file) return reply.callNotFound();
    return reply.type(file.contentType).send(file.body);
  });

  // Everything else answers JSON too, never Fastify's own error shapes.
  app.setNotFoundHandler(async (request, reply) => {
    const url = pathOf(request.url);
    const methods = METHODS.filter((method) => app.hasRoute({ method, url }));
    const allow = request.method === "OPTIONS" ? allowedMethods(methods) : undefined;
    if (allow) return reply.header("allow", allow).type("text/plain").send(allow);
    return reply.code(404).send({ msg: "Not Found" });
  });
  app.setErrorHandler(async (error: { statusCode?: number }, _request, reply) => {
    const status =
      typeof error.statusCode === "number" && error.statusCode < 500 ? error.statusCode : 500;
    // The status's own reason ("Payload Too Large", "Unsupported Media Type"), never the
    // error's message, which may quote the request.
    return reply.code(status).send({ msg: STATUS_CODES[status] ?? "Bad Request" });
  });

  return app;
}
