import Fastify from "fastify";
import { IDENTITY, ROUTE, responseBody } from "../fixture.ts";
import { announceReady, HOST, portFromEnv } from "./ready.ts";

// Fastify 5 without authentication: the floor of this framework.
const app = Fastify();
app.post(ROUTE, async () => responseBody(IDENTITY));
await app.listen({ port: portFromEnv(), host: HOST });
announceReady();
