import Fastify from "fastify";
import type { JwtContext, JwtHeader, Payload } from "jwt-extended";
import { fastifyJwt } from "jwt-extended/fastify";
import { describe, expectTypeOf, it } from "vitest";
import { type Account, type Claims, typedManager } from "./fixtures.ts";

// How an application types `request.jwt` everywhere: Fastify's declaration merging.
declare module "jwt-extended/fastify" {
  interface FastifyJwtTypes {
    identity: string;
    user: Account;
    claims: Claims;
  }
}

const jwt = typedManager();

describe("types reaching Fastify handlers", () => {
  it("types the accessors with the manager's identity, user and claims", () => {
    const { jwtRequired, getJwt, getCurrentUser, getJwtIdentity, getJwtHeader } = fastifyJwt(jwt);
    const app = Fastify();
    app.get("/me", { preHandler: jwtRequired() }, async (request) => {
      expectTypeOf(getJwt(request)).toEqualTypeOf<Payload<Claims>>();
      expectTypeOf(getJwt(request).role).toEqualTypeOf<"admin" | "reader">();
      expectTypeOf(getCurrentUser(request)).toEqualTypeOf<Account | null>();
      expectTypeOf(getJwtIdentity(request)).toEqualTypeOf<string | null>();
      expectTypeOf(getJwtHeader(request)).toEqualTypeOf<JwtHeader>();
      return {};
    });
  });

  it("types request.jwt through FastifyJwtTypes, on routes protected by config too", () => {
    const app = Fastify();
    app.get("/me", { config: { jwt: { fresh: true } } }, async (request) => {
      expectTypeOf(request.jwt).toEqualTypeOf<JwtContext<string, Account, Claims>>();
      expectTypeOf(request.jwt.user).toEqualTypeOf<Account | null>();
      expectTypeOf(request.jwt.payload.role).toEqualTypeOf<"admin" | "reader">();
      return {};
    });
  });

  it("types the route config and the reply's cookie methods", () => {
    const app = Fastify();
    // @ts-expect-error: "body" is not a token location.
    app.get("/x", { config: { jwt: { locations: ["body"] } } }, async () => ({}));
    app.post("/login", async (_request, reply) => {
      expectTypeOf(reply.setAccessCookies("token", { maxAge: 60 })).toEqualTypeOf(reply);
      // @ts-expect-error: unsetting takes no Max-Age.
      reply.unsetJwtCookies({ maxAge: 60 });
      return {};
    });
  });

  it("gives protect's handler the identity and user without a null check", () => {
    const { protect } = fastifyJwt(jwt);
    Fastify().get(
      "/me",
      protect(async (_request, _reply, context) => {
        expectTypeOf(context.identity).toEqualTypeOf<string>();
        expectTypeOf(context.user).toEqualTypeOf<Account>();
        return {};
      }),
    );
  });
});
