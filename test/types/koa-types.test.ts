import type { JwtContext, Payload, VerifiedContext } from "jwt-extended";
import { type JwtState, koaJwt } from "jwt-extended/koa";
import Koa from "koa";
import { describe, expectTypeOf, it } from "vitest";
import { type Account, type Claims, typedManager } from "./fixtures.ts";

const jwt = typedManager();

describe("types reaching Koa middleware", () => {
  it("types ctx.state.jwt after a required guard: identity and user without a null check", () => {
    const { jwtRequired } = koaJwt(jwt);
    new Koa<object>().use(jwtRequired({ fresh: true })).use((ctx) => {
      expectTypeOf(ctx.state.jwt).toEqualTypeOf<VerifiedContext<string, Account, Claims>>();
      expectTypeOf(ctx.state.jwt.identity).toEqualTypeOf<string>();
      expectTypeOf(ctx.state.jwt.user).toEqualTypeOf<Account>();
      expectTypeOf(ctx.state.jwt.payload.role).toEqualTypeOf<"admin" | "reader">();
    });
  });

  it("types ctx.state.jwt after an optional guard as possibly anonymous", () => {
    const { jwtRequired } = koaJwt(jwt);
    new Koa<object>().use(jwtRequired({ optional: true })).use((ctx) => {
      expectTypeOf(ctx.state.jwt).toEqualTypeOf<JwtContext<string, Account, Claims>>();
      expectTypeOf(ctx.state.jwt.identity).toEqualTypeOf<string | null>();
    });
  });

  it("types ctx.state.jwt in every middleware of an app declared with JwtState", () => {
    new Koa<JwtState<JwtContext<string, Account, Claims>>>().use((ctx) => {
      expectTypeOf(ctx.state.jwt.identity).toEqualTypeOf<string | null>();
    });
  });

  it("types verifyJwtInRequest, the accessors and the cookie helpers on the Context", () => {
    const { verifyJwtInRequest, getJwt, getCurrentUser, setAccessCookies } = koaJwt(jwt);
    new Koa().use(async (ctx) => {
      expectTypeOf(await verifyJwtInRequest(ctx)).toEqualTypeOf<
        JwtContext<string, Account, Claims>
      >();
      expectTypeOf(getJwt(ctx)).toEqualTypeOf<Payload<Claims>>();
      expectTypeOf(getCurrentUser(ctx)).toEqualTypeOf<Account | null>();
      setAccessCookies(ctx, "token", { domain: "example.test" });
      // @ts-expect-error: a cookie helper takes the Context, not a token first
      setAccessCookies("token", ctx);
    });
  });
});
