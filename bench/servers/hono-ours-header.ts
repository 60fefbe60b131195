import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { JwtManager } from "jwt-extended";
import { honoJwt } from "jwt-extended/hono";
import { ROUTE, responseBody, SECRET } from "../fixture.ts";
import { announceReady, HOST, portFromEnv } from "./ready.ts";

// Hono 4 on @hono/node-server with this library's middleware, the token in `Authorization: Bearer`.
const { jwtRequired } = honoJwt(new JwtManager({ secretKey: SECRET }));
const app = new Hono();
app.post(ROUTE, jwtRequired(), (c) => c.json(responseBody(c.get("jwt").identity)));
serve({ fetch: app.fetch, port: portFromEnv(), hostname: HOST }, announceReady);
