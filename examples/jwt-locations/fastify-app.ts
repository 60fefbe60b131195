import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import type { JwtManager } from "jwt-extended";
import { fastifyJwt } from "jwt-extended/fastify";
import { allowedMethods } from "./allowed-methods.ts";
import type { PublicFile } from "./public-files.ts";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const pathOf = (url: string): string => url.split("?")[0] ?? "/";

const JSON_TYPES = /^application\/(?:[\w.+-]+\+)?json(?:\s*;|\s*$)/i;

/**
 * Parses JSON bodies, `application/*+json` included, and leaves one that does not parse as
 * the text it is. Fastify's own parser answers 400 before any hook runs; the contract
 * wants the json location to report a missing key instead (BEHAVIOR.md §3).
 */
async function parseJsonLeniently(_request: FastifyRequest, text: string): Promise<unknown> {
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
  const { plugin, jwtRequired, getJwt, getJwtIdentity } = fastifyJwt(jwt, { formBodies: true });
  await app.register(plugin);
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser(JSON_TYPES, { parseAs: "string" }, parseJsonLeniently);

  app.post("/login_without_cookies", async () => ({
    access_token: await jwt.createAccessToken("example_user", { fresh: true }),
    refresh_token: await jwt.createRefreshToken("example_user"),
  }));

  app.post("/login_with_cookies", async (_request, reply) => {
    reply.setAccessCookies(await jwt.createAccessToken("example_user", { fresh: true }));
    reply.setRefreshCookies(await jwt.createRefreshToken("example_user"));
    return { msg: "login successful" };
  });

  app.post("/logout_with_cookies", async (_request, reply) => {
    reply.unsetJwtCookies();
    return { msg: "logout successful" };
  });

  // Protection as route config ...
  app.route({
    method: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    url: "/protected",
    config: { jwt: true },
    handler: async () => ({ foo: "bar" }),
  });

  app.get("/only_headers", { config: { jwt: { locations: ["headers"] } } }, async () => ({
    foo: "baz",
  }));

  app.post("/refresh", { config: { jwt: { refresh: true } } }, async (request) => ({
    access_token: await jwt.createAccessToken(request.jwt.identity),
  }));

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
    return reply
      .code(status)
      .send({ msg: status === 500 ? "Internal Server Error" : "Bad Request" });
  });

  return app;
}
