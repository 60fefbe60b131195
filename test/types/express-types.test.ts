import express from "express";
import { type JwtHeader, JwtManager, type Payload, type TokenLocation } from "jwt-extended";
import { expressJwt } from "jwt-extended/express";
import { describe, expectTypeOf, it } from "vitest";
import type { Account, Claims } from "./fixtures.ts";

describe("types reaching Express handlers", () => {
  it("gives the route the manager's identity, user and claim types without casts", () => {
    const jwt = new JwtManager<string, Account, Claims>({
      secretKey: "a-secret-of-at-least-thirty-two-bytes",
    });
    jwt.userLookupLoader(async (_header, payload) => ({ id: Number(payload.sub), email: "a@b.c" }));
    const {
      jwtRequired,
      getJwt,
      getCurrentUser,
      getJwtIdentity,
      getJwtHeader,
      getJwtRequestLocation,
    } = expressJwt(jwt);
    const app = express();
    app.get("/me", jwtRequired(), (req, res) => {
      expectTypeOf(getJwt(req)).toEqualTypeOf<Payload<Claims>>();
      expectTypeOf(getJwt(req).role).toEqualTypeOf<"admin" | "reader">();
      expectTypeOf(getCurrentUser(req)).toEqualTypeOf<Account | null>();
      expectTypeOf(getJwtIdentity(req)).toEqualTypeOf<string | null>();
      expectTypeOf(getJwtHeader(req)).toEqualTypeOf<JwtHeader>();
      expectTypeOf(getJwtRequestLocation(req)).toEqualTypeOf<TokenLocation | null>();
      res.json({});
    });
  });

  it("types loader arguments and refuses a loader of the wrong shape", () => {
    const jwt = new JwtManager<string, Account>({
      secretKey: "a-secret-of-at-least-thirty-two-bytes",
    });
    // @ts-expect-error: the user-lookup loader must return an Account (or nothing).
    jwt.userLookupLoader(() => "not an account");
    jwt.userIdentityLoader((account) => String((account as Account).id));
    expectTypeOf(jwt.createAccessToken).returns.toEqualTypeOf<Promise<string>>();
  });

  it("gives protect's handler the identity and user without a null check", () => {
    const jwt = new JwtManager<string, Account, Claims>({
      secretKey: "a-secret-of-at-least-thirty-two-bytes",
    });
    const { protect } = expressJwt(jwt);
    express().get(
      "/me",
      protect((_req, res, context) => {
        expectTypeOf(context.identity).toEqualTypeOf<string>();
        expectTypeOf(context.user).toEqualTypeOf<Account>();
        expectTypeOf(context.payload.role).toEqualTypeOf<"admin" | "reader">();
        res.json({});
      }),
    );
  });
});
