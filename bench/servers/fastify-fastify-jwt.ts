import fastifyJwt from "@fastify/jwt";
import Fastify from "fastify";
import { ROUTE, responseBody, SECRET } from "../fixture.ts";
import { announceReady, HOST, portFromEnv } from "./ready.ts";

// Fastify 5 with @fastify/jwt (fast-jwt underneath), verifying in an onRequest hook as its README does.
const app = Fastify();
await app.register(fastifyJwt, { secret: SECRET });
app.post(ROUTE, { onRequest: (request) => request.jwtVerify() }, async (request) =>
  responseBody((request.user as { sub?: string }).sub),
);
await app.listen({ port: portFromEnv(), host: HOST });
announceReady();
