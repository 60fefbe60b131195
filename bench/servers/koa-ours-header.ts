import { JwtManager } from "jwt-extended";
import { koaJwt } from "jwt-extended/koa";
import Koa from "koa";
import { ROUTE, responseBody, SECRET } from "../fixture.ts";
import { announceReady, HOST, portFromEnv } from "./ready.ts";

// Koa 3 with this library's middleware, the token in `Authorization: Bearer`.
const guard = koaJwt(new JwtManager({ secretKey: SECRET })).jwtRequired();
const app = new Koa().use(async (ctx, next) => {
  if (ctx.method !== "POST" || ctx.path !== ROUTE) return next();
  await guard(ctx, async () => {
    ctx.body = responseBody(ctx.state.jwt.identity);
  });
});
app.listen(portFromEnv(), HOST, announceReady);
