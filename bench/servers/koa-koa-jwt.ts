import Koa from "koa";
import jwt from "koa-jwt";
import { ROUTE, responseBody, SECRET } from "../fixture.ts";
import { announceReady, HOST, portFromEnv } from "./ready.ts";

// Koa 3 with koa-jwt (jsonwebtoken underneath), as its documentation shows.
const guard = jwt({ secret: SECRET, algorithms: ["HS256"] });
const app = new Koa().use(async (ctx, next) => {
  if (ctx.method !== "POST" || ctx.path !== ROUTE) return next();
  await guard(ctx, async () => {
    ctx.body = responseBody((ctx.state.user as { sub?: string }).sub);
  });
});
app.listen(portFromEnv(), HOST, announceReady);
