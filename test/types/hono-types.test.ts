import { Hono } from "hono";
import type { JwtContext, Payload, VerifiedContext } from "jwt-extended";
import { honoJwt, type JwtEnv } from "jwt-extended/hono";
import { describe, expectTypeOf, it } from "vitest";
import { type Account, type Claims, typedManager } from "./fixtures.ts";

const jwt = typedManager();

describe("types reaching Hono handlers", () => {
  it("types c.get('jwt') behind a required guard: identity and user without a null check", () => {
    const { jwtRequired } = honoJwt(jwt);
    new Hono().get("/me", jwtRequired({ fresh: true }), (c) => {
      expectTypeOf(c.get("jwt")).toEqualTypeOf<VerifiedContext<string, Account, Claims>>();
      expectTypeOf(c.get("jwt").identity).toEqualTypeOf<string>();
      expectTypeOf(c.get("jwt").user).toEqualTypeOf<Account>();
      expectTypeOf(c.get("jwt").payload.role).toEqualTypeOf<"admin" | "reader">();
      return c.json({});
    });
  });

  it("types c.get('jwt') behind an optional guard as possibly anonymous", () => {
    const { jwtRequired } = honoJwt(jwt);
    new Hono().get("/maybe", jwtRequired({ optional: true }), (c) => {
      expectTypeOf(c.get("jwt")).toEqualTypeOf<JwtContext<string, Account, Claims>>();
      expectTypeOf(c.get("jwt").identity).toEqualTypeOf<string | null>();
      return c.json({});
    });
  });

  it("types c.var.jwt in every handler of an app declared with JwtEnv", () => {
    const app = new Hono<JwtEnv<string, Account, Claims>>();
    app.get("/me", (c) => {
      expectTypeOf(c.var.jwt.identity).toEqualTypeOf<string | null>();
      return c.json({});
    });
  });

  it("types the accessors and the cookie helpers on the Context", () => {
    const { jwtRequired, getJwt, getCurrentUser, setAccessCookies } = honoJwt(jwt);
    new Hono().post("/me", jwtRequired(), (c) => {
      expectTypeOf(getJwt(c)).toEqualTypeOf<Payload<Claims>>();
      expectTypeOf(getCurrentUser(c)).toEqualTypeOf<Account | null>();
      setAccessCookies(c, "token", { domain: "example.test" });
      return c.json({});
    });
  });
});
