import { Elysia } from "elysia";
import type { JwtContext, Payload, VerifiedContext } from "jwt-extended";
import { elysiaJwt } from "jwt-extended/elysia";
import { describe, expectTypeOf, it } from "vitest";
import { type Account, type Claims, typedManager } from "./fixtures.ts";

const jwt = typedManager();

describe("types reaching Elysia handlers", () => {
  it("types jwt behind { jwtRequired }: identity and user without a null check", () => {
    const { plugin } = elysiaJwt(jwt);
    new Elysia().use(plugin).get(
      "/me",
      ({ jwt }) => {
        expectTypeOf(jwt).toEqualTypeOf<VerifiedContext<string, Account, Claims>>();
        expectTypeOf(jwt.identity).toEqualTypeOf<string>();
        expectTypeOf(jwt.user).toEqualTypeOf<Account>();
        expectTypeOf(jwt.payload.role).toEqualTypeOf<"admin" | "reader">();
        return {};
      },
      { jwtRequired: { fresh: true } },
    );
  });

  it("types jwt behind { jwtOptional } as possibly anonymous", () => {
    const { plugin } = elysiaJwt(jwt);
    new Elysia().use(plugin).get(
      "/maybe",
      ({ jwt }) => {
        expectTypeOf(jwt).toEqualTypeOf<JwtContext<string, Account, Claims>>();
        expectTypeOf(jwt.identity).toEqualTypeOf<string | null>();
        return {};
      },
      { jwtOptional: true },
    );
  });

  it("gives a route without the option no jwt, and refuses optional on jwtRequired", () => {
    const { plugin } = elysiaJwt(jwt);
    new Elysia().use(plugin).get("/open", (ctx) => {
      expectTypeOf(ctx).not.toHaveProperty("jwt");
      return {};
    });
    // @ts-expect-error: an optional guard is { jwtOptional }, whose jwt may be anonymous
    new Elysia().use(plugin).get("/x", () => ({}), { jwtRequired: { optional: true } });
  });

  it("types the accessors and the cookie helpers on the handler's context", () => {
    const { plugin, getJwt, getCurrentUser, setAccessCookies, refresh, logout } = elysiaJwt(jwt);
    new Elysia()
      .use(plugin)
      .post(
        "/me",
        (ctx) => {
          expectTypeOf(getJwt(ctx)).toEqualTypeOf<Payload<Claims>>();
          expectTypeOf(getCurrentUser(ctx)).toEqualTypeOf<Account | null>();
          setAccessCookies(ctx, "token", { domain: "example.test" });
          return {};
        },
        { jwtRequired: true },
      )
      .post("/refresh", (ctx) => refresh(ctx), { jwtRequired: { refresh: true } })
      .delete("/logout", async (ctx) => {
        await logout(ctx);
        expectTypeOf(logout).returns.toEqualTypeOf<Promise<void>>();
        return {};
      });
  });
});
