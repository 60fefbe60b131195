import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { IDENTITY, ROUTE, responseBody } from "../fixture.ts";
import { announceReady, HOST, portFromEnv } from "./ready.ts";

// Hono 4 on @hono/node-server without authentication: the floor of this framework.
const app = new Hono();
app.post(ROUTE, (c) => c.json(responseBody(IDENTITY)));
serve({ fetch: app.fetch, port: portFromEnv(), hostname: HOST }, announceReady);
