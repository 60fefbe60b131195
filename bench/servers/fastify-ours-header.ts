import Fastify from "fastify";
import { JwtManager } from "jwt-extended";
import { fastifyJwt } from "jwt-extended/fastify";
import { ROUTE, responseBody, SECRET } from "../fixture.ts";
import { announceReady, HOST, portFromEnv } from "./ready.ts";

// Fastify 5 with this library's plugin, the token in `Authorization: Bearer`, checked in an
// onRequest hook like the @fastify/jwt contender.
const { plugin, jwtRequired, getJwtIdentity } = fastifyJwt(new JwtManager({ secretKey: SECRET }));
const app = Fastify();
await app.register(plugin);
app.post(ROUTE, { onRequest: jwtRequired() }, async (request) =>
  responseBody(getJwtIdentity(request)),
);
await app.listen({ port: portFromEnv(), host: HOST });
announceReady();
