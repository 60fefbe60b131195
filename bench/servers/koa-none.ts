import Koa from "koa";
import { IDENTITY, ROUTE, responseBody } from "../fixture.ts";
import { announceReady, HOST, portFromEnv } from "./ready.ts";

// Koa 3 without authentication: the floor of this framework.
const app = new Koa().use((ctx) => {
  if (ctx.method !== "POST" || ctx.path !== ROUTE) return;
  ctx.body = responseBody(IDENTITY);
});
app.listen(portFromEnv(), HOST, announceReady);
