import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { jwt } from "hono/jwt";
import { ROUTE, responseBody, SECRET } from "../fixture.ts";
import { announceReady, HOST, portFromEnv } from "./ready.ts";

// Hono 4 with its own JWT middleware (Web Crypto underneath), as its documentation shows.
const app = new Hono();
app.post(ROUTE, jwt({ secret: SECRET, alg: "HS256" }), (c) =>
  c.json(responseBody((c.get("jwtPayload") as { sub?: string }).sub)),
);
serve({ fetch: app.fetch, port: portFromEnv(), hostname: HOST }, announceReady);
