import type { DynamicModule } from "@nestjs/common";
import type { Response } from "express";
import type { FastifyReply } from "fastify";
import type { JwtContext, Payload, RouteOptions, TokenLocation } from "jwt-extended";
import {
  CurrentUser,
  JwtExtendedModule,
  type JwtExtendedService,
  JwtIdentity,
  JwtRequired,
  type NestRequest,
} from "jwt-extended/nest";
import { describe, expectTypeOf, it } from "vitest";
import { type Account, type Claims, typedManager } from "./fixtures.ts";

type Service = JwtExtendedService<string, Account, Claims>;
const request = {} as NestRequest;

/** Type-checks `body` against a service, which only a Nest application builds: never runs it. */
const withService = (body: (jwt: Service) => void): void => {
  expectTypeOf(body).toBeFunction();
};

describe("types of the NestJS adapter", () => {
  it("types the service's accessors and inline verification with the manager's types", () => {
    withService((jwt) => {
      expectTypeOf(jwt.getJwt(request)).toEqualTypeOf<Payload<Claims>>();
      expectTypeOf(jwt.getJwtIdentity(request)).toEqualTypeOf<string | null>();
      expectTypeOf(jwt.getCurrentUser(request)).toEqualTypeOf<Account | null>();
      expectTypeOf(jwt.verifyJwtInRequest(request)).resolves.toEqualTypeOf<
        JwtContext<string, Account, Claims>
      >();
      expectTypeOf(jwt.getJwtRequestLocation(request)).toEqualTypeOf<TokenLocation | null>();
    });
  });

  it("writes cookies on either platform's response, and refuses anything else", () => {
    withService((jwt) => {
      jwt.setAccessCookies({} as Response, "token", { domain: "example.test" });
      jwt.unsetJwtCookies({} as FastifyReply);
      // @ts-expect-error a Web Headers object is no Nest response
      jwt.setRefreshCookies(new Headers(), "token");
    });
  });

  it("takes the core's route options in @JwtRequired, checked", () => {
    expectTypeOf(JwtRequired).parameter(0).toEqualTypeOf<RouteOptions | undefined>();
    JwtRequired({ fresh: true, locations: ["headers", "cookies"], skipRevocationCheck: true });
    // @ts-expect-error not a location
    JwtRequired({ locations: ["nowhere"] });
    // @ts-expect-error not an option
    JwtRequired({ fresco: true });
  });

  it("makes parameter decorators of the param decorators", () => {
    expectTypeOf(CurrentUser()).toEqualTypeOf<ParameterDecorator>();
    expectTypeOf(JwtIdentity()).toEqualTypeOf<ParameterDecorator>();
  });

  it("builds the module from a manager, options, or a factory of either", () => {
    expectTypeOf(JwtExtendedModule.forRoot(typedManager())).toEqualTypeOf<DynamicModule>();
    expectTypeOf(JwtExtendedModule.forRoot({ secretKey: "s" })).toEqualTypeOf<DynamicModule>();
    JwtExtendedModule.forRootAsync({ inject: [], useFactory: async () => typedManager() });
    // @ts-expect-error a factory is required
    JwtExtendedModule.forRootAsync({ inject: [] });
    // @ts-expect-error not an option of the manager
    JwtExtendedModule.forRoot({ secretKeys: "s" });
  });
});
