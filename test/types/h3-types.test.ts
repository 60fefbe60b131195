import { defineHandler, H3 } from "h3";
import type { JwtContext, Payload, VerifiedContext } from "jwt-extended";
import { h3Jwt, type JwtEvent } from "jwt-extended/h3";
import { describe, expectTypeOf, it } from "vitest";
import { type Account, type Claims, typedManager } from "./fixtures.ts";

const jwt = typedManager();

describe("types reaching h3 handlers", () => {
  it("types event.context.jwt behind protect: identity and user without a null check", () => {
    const { protect } = h3Jwt(jwt);
    new H3().get(
      "/me",
      protect(
        (event) => {
          expectTypeOf(event.context.jwt).toEqualTypeOf<VerifiedContext<string, Account, Claims>>();
          expectTypeOf(event.context.jwt.identity).toEqualTypeOf<string>();
          expectTypeOf(event.context.jwt.user).toEqualTypeOf<Account>();
          expectTypeOf(event.context.jwt.payload.role).toEqualTypeOf<"admin" | "reader">();
          return {};
        },
        { fresh: true },
      ),
    );
  });

  it("types event.context.jwt behind an optional protect as possibly anonymous", () => {
    const { protect } = h3Jwt(jwt);
    protect(
      (event) => {
        expectTypeOf(event.context.jwt).toEqualTypeOf<JwtContext<string, Account, Claims>>();
        expectTypeOf(event.context.jwt.identity).toEqualTypeOf<string | null>();
      },
      { optional: true },
    );
  });

  it("types a handler given a JwtEvent", () => {
    const me = (event: JwtEvent<VerifiedContext<string, Account, Claims>>) => event.context.jwt;
    expectTypeOf(me).returns.toEqualTypeOf<VerifiedContext<string, Account, Claims>>();
  });

  it("types the middleware, verifyJwtInRequest, the accessors and the cookie helpers", () => {
    const { jwtRequired, verifyJwtInRequest, getJwt, getCurrentUser, setAccessCookies } =
      h3Jwt(jwt);
    defineHandler({
      middleware: [jwtRequired({ locations: ["headers"] })],
      handler: async (event) => {
        expectTypeOf(await verifyJwtInRequest(event)).toEqualTypeOf<
          JwtContext<string, Account, Claims>
        >();
        expectTypeOf(getJwt(event)).toEqualTypeOf<Payload<Claims>>();
        expectTypeOf(getCurrentUser(event)).toEqualTypeOf<Account | null>();
        setAccessCookies(event, "token", { domain: "example.test" });
        return {};
      },
    });
  });
});
