import type { JwtContext, Payload, VerifiedContext } from "jwt-extended";
import { fetchJwt } from "jwt-extended/fetch";
import { describe, expectTypeOf, it } from "vitest";
import { type Account, type Claims, typedManager } from "./fixtures.ts";

const jwt = typedManager();

describe("types reaching fetch handlers", () => {
  it("gives the wrapped handler the verified context: identity and user without a null check", () => {
    const { jwtRequired } = fetchJwt(jwt);
    const handler = jwtRequired({ fresh: true })((request, context) => {
      expectTypeOf(request).toEqualTypeOf<Request>();
      expectTypeOf(context).toEqualTypeOf<VerifiedContext<string, Account, Claims>>();
      expectTypeOf(context.identity).toEqualTypeOf<string>();
      expectTypeOf(context.user).toEqualTypeOf<Account>();
      expectTypeOf(context.payload.role).toEqualTypeOf<"admin" | "reader">();
      return Response.json({});
    });
    expectTypeOf(handler).toEqualTypeOf<(request: Request) => Promise<Response>>();
  });

  it("gives an optional route's handler a context that may be anonymous", () => {
    const { jwtRequired } = fetchJwt(jwt);
    jwtRequired({ optional: true })((_request, context) => {
      expectTypeOf(context).toEqualTypeOf<JwtContext<string, Account, Claims>>();
      expectTypeOf(context.identity).toEqualTypeOf<string | null>();
      return Response.json({});
    });
  });

  it("passes the runtime's other arguments through, typed (a Worker's env, a Next.js route's params)", () => {
    const { jwtRequired } = fetchJwt(jwt);
    interface Env {
      DB: string;
    }
    const worker = jwtRequired()(
      (_request, _jwt, env: Env, ctx: { waitUntil(p: Promise<unknown>): void }) => {
        expectTypeOf(env.DB).toEqualTypeOf<string>();
        expectTypeOf(ctx.waitUntil).toBeFunction();
        return new Response(null);
      },
    );
    expectTypeOf(worker).parameters.toEqualTypeOf<
      [Request, Env, { waitUntil(p: Promise<unknown>): void }]
    >();
  });

  it("types the accessors, inline verification and the cookie helpers", () => {
    const { getJwt, getCurrentUser, verifyJwtInRequest, setAccessCookies } = fetchJwt(jwt);
    expectTypeOf(getJwt).parameter(0).toEqualTypeOf<Request>();
    expectTypeOf(getJwt).returns.toEqualTypeOf<Payload<Claims>>();
    expectTypeOf(getCurrentUser).returns.toEqualTypeOf<Account | null>();
    expectTypeOf(verifyJwtInRequest).returns.resolves.toEqualTypeOf<
      JwtContext<string, Account, Claims>
    >();
    expectTypeOf(setAccessCookies).parameter(0).toEqualTypeOf<Response | Headers>();
  });
});
