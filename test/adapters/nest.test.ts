/**
 * The NestJS adapter through real HTTP, against listening Nest applications on
 * platform-express and platform-fastify.
 */
import {
  Body,
  type CanActivate,
  Controller,
  type ExecutionContext,
  Get,
  HttpCode,
  Inject,
  Injectable,
  Module,
  Post,
  Req,
  Res,
  UseGuards,
} from "@nestjs/common";
import { APP_GUARD } from "@nestjs/core";
import {
  ConfigurationError,
  type HttpBinding,
  JwtManager,
  type JwtPayload,
  MemoryTokenStore,
} from "jwt-extended";
import {
  CurrentUser,
  JWT_BINDING,
  Jwt,
  JwtExtendedModule,
  JwtExtendedService,
  JwtGuard,
  JwtHeader,
  JwtIdentity,
  JwtRequired,
  type NestRequest,
  type NestResponse,
} from "jwt-extended/nest";
import { beforeAll, describe, expect, it } from "vitest";
import { bearer } from "../helpers/bearer.ts";
import { type HttpResponse, send } from "../helpers/http.ts";
import { createNest, listenNest, NEST_PLATFORMS } from "../helpers/nest.ts";
import { serverPool } from "../helpers/servers.ts";
import { cookiesSetBy } from "../helpers/set-cookie.ts";

const SECRET = "a-secret-of-at-least-thirty-two-bytes!!";
const USERS: Record<string, { name: string }> = { alice: { name: "Alice" }, bob: { name: "Bob" } };

/** Tokens always due for implicit refresh (10 minutes left, a 30-minute window). */
const manager = () =>
  new JwtManager<string, { name: string }>({
    secretKey: SECRET,
    tokenLocation: ["headers", "cookies"],
    cookieCsrfProtect: false,
    accessTokenExpires: 600,
    implicitRefreshWindow: "30m",
    refreshRotation: true,
    refreshRotationGrace: 0,
    store: new MemoryTokenStore(),
    loaders: { userLookup: (_header, payload) => USERS[String(payload.sub)] ?? null },
  });

@Controller()
class AccountController {
  constructor(@Inject(JwtExtendedService) private readonly jwt: JwtExtendedService<string>) {}

  @Get("public")
  open() {
    return { open: true };
  }

  @Get("me")
  @JwtRequired()
  me(
    @JwtIdentity() identity: string,
    @CurrentUser() user: { name: string },
    @Jwt() jwt: JwtPayload,
    @JwtHeader() header: { alg: string },
  ) {
    return { identity, user, type: jwt.type, alg: header.alg };
  }

  @Get("forbidden")
  @JwtRequired()
  forbidden(@Res({ passthrough: true }) res: NestResponse) {
    if ("raw" in res) res.code(403);
    else res.status(403);
    return { no: true };
  }

  @Get("fresh")
  @JwtRequired({ fresh: true })
  fresh() {
    return { fresh: true };
  }

  @Get("optional")
  @JwtRequired({ optional: true })
  optional(@JwtIdentity() identity: string | null) {
    return { identity };
  }

  @Get("inline")
  async inline(@Req() req: NestRequest) {
    const { identity } = await this.jwt.verifyJwtInRequest(req);
    return { identity, again: this.jwt.getJwtIdentity(req) };
  }

  @Get("unguarded")
  unguarded(@JwtIdentity() identity: string) {
    return { identity };
  }

  @Post("login")
  @HttpCode(200)
  async login(@Res({ passthrough: true }) res: NestResponse) {
    const { accessToken, refreshToken } = await this.jwt.manager.createTokenPair("alice");
    this.jwt.setAccessCookies(res, accessToken);
    this.jwt.setRefreshCookies(res, refreshToken);
    return { msg: "welcome" };
  }

  @Post("refresh")
  @JwtRequired({ refresh: true })
  refresh(@Req() req: NestRequest, @Res({ passthrough: true }) res: NestResponse) {
    return this.jwt.refresh(req, res);
  }

  @Post("logout")
  @HttpCode(200)
  async logout(@Req() req: NestRequest, @Res({ passthrough: true }) res: NestResponse) {
    await this.jwt.logout(req, res);
    return { msg: "bye" };
  }
}

// Every route of the controller, protected by the mark on the class.
@Controller("admin")
@JwtRequired({ locations: ["headers"] })
class AdminController {
  @Get("panel")
  panel(@JwtIdentity() identity: string) {
    return { panel: identity };
  }
}

/** An application's own guard, after the global JwtGuard: it sees the verified identity. */
@Injectable()
class AliceOnly implements CanActivate {
  constructor(@Inject(JwtExtendedService) private readonly jwt: JwtExtendedService<string>) {}
  canActivate(execution: ExecutionContext): boolean {
    return this.jwt.getJwtIdentity(execution.switchToHttp().getRequest()) === "alice";
  }
}

@Controller()
class GlobalGuardController {
  @Get("mine")
  @JwtRequired()
  @UseGuards(AliceOnly)
  mine(@JwtIdentity() identity: string) {
    return { identity };
  }

  @Get("open")
  open() {
    return { open: true };
  }
}

const json = (res: HttpResponse): unknown => JSON.parse(res.text);

describe.each(NEST_PLATFORMS)("NestJS on platform-%s", (platform) => {
  const pool = serverPool();

  describe("JwtExtendedModule.forRoot, with @JwtRequired per route", () => {
    let url: string;
    let jwt: ReturnType<typeof manager>;
    const call = (method: string, path: string, headers: Record<string, string> = {}) =>
      send({ method, url: `${url}${path}`, headers });

    beforeAll(async () => {
      jwt = manager();
      @Module({
        imports: [JwtExtendedModule.forRoot(jwt)],
        controllers: [AccountController, AdminController],
      })
      class AppModule {}
      url = await listenNest(pool, AppModule, platform);
    });

    it("gives the param decorators the identity, user, claims and header", async () => {
      const token = await jwt.createAccessToken("alice");
      const res = await call("GET", "/me", bearer(token));
      expect([res.status, json(res)]).toEqual([
        200,
        { identity: "alice", user: { name: "Alice" }, type: "access", alg: "HS256" },
      ]);
    });

    it("answers a missing token with the library's 401 JSON, not Nest's error shape", async () => {
      const res = await call("GET", "/me");
      expect(res.status).toBe(401);
      expect(json(res)).toEqual({ msg: expect.stringMatching(/^Missing JWT/) });
      expect(res.headers["www-authenticate"]).toBe("Bearer");
      expect(res.headers["content-type"]).toMatch(/^application\/json/);
    });

    it("answers a malformed token with the loaders' 422", async () => {
      const res = await call("GET", "/me", bearer("not-a-token"));
      expect([res.status, json(res)]).toEqual([422, { msg: "Not enough segments" }]);
    });

    it("answers a user the lookup does not find with 401", async () => {
      const res = await call("GET", "/me", bearer(await jwt.createAccessToken("mallory")));
      expect(res.status).toBe(401);
      expect(json(res)).toEqual({ msg: expect.any(String) });
    });

    it("leaves routes without the mark unprotected", async () => {
      const res = await call("GET", "/public");
      expect([res.status, json(res)]).toEqual([200, { open: true }]);
    });

    it("requires a fresh token on a fresh route", async () => {
      const stale = await call("GET", "/fresh", bearer(await jwt.createAccessToken("alice")));
      expect([stale.status, json(stale)]).toEqual([401, { msg: "Fresh token required" }]);
      const fresh = await jwt.createAccessToken("alice", { fresh: true });
      const res = await call("GET", "/fresh", bearer(fresh));
      expect([res.status, json(res)]).toEqual([200, { fresh: true }]);
    });

    it("lets a request without a token through an optional route, anonymous", async () => {
      const res = await call("GET", "/optional");
      expect([res.status, json(res)]).toEqual([200, { identity: null }]);
      const bad = await call("GET", "/optional", bearer("not-a-token"));
      expect(bad.status).toBe(422);
    });

    it("protects every route of a controller marked on the class, with its options", async () => {
      const token = await jwt.createAccessToken("alice");
      const res = await call("GET", "/admin/panel", bearer(token));
      expect([res.status, json(res)]).toEqual([200, { panel: "alice" }]);
      // The class's options allow the header only.
      const cookie = await call("GET", "/admin/panel", { Cookie: `access_token_cookie=${token}` });
      expect(cookie.status).toBe(401);
    });

    it("verifies inside a handler with the service, and answers its failure as a guard does", async () => {
      const token = await jwt.createAccessToken("alice");
      const res = await call("GET", "/inline", bearer(token));
      expect([res.status, json(res)]).toEqual([200, { identity: "alice", again: "alice" }]);
      const [inline, guarded] = [await call("GET", "/inline"), await call("GET", "/me")];
      expect([inline.status, json(inline)]).toEqual([guarded.status, json(guarded)]);
    });

    it("answers a param decorator on a route without a guard with a 500, a program's mistake", async () => {
      const res = await call("GET", "/unguarded", bearer(await jwt.createAccessToken("alice")));
      expect(res.status).toBe(500);
    });

    it("answers OPTIONS on a guarded route without a JWT error", async () => {
      const res = await call("OPTIONS", "/me");
      expect(res.status).not.toBe(401);
      expect(res.status).toBeLessThan(500);
    });

    it("sets the token cookies with the service's cookie helpers", async () => {
      const res = await call("POST", "/login");
      expect([res.status, json(res)]).toEqual([200, { msg: "welcome" }]);
      expect(Object.keys(cookiesSetBy(res.setCookies))).toEqual([
        "access_token_cookie",
        "refresh_token_cookie",
      ]);
      expect(res.setCookies.every((line) => /;\s*HttpOnly/i.test(line))).toBe(true);
    });

    it("refreshes: both tokens in the body for a header, new cookies for a cookie", async () => {
      const header = await call(
        "POST",
        "/refresh",
        bearer((await jwt.createTokenPair("alice")).refreshToken),
      );
      expect(header.status).toBe(200);
      expect(Object.keys(json(header) as object).sort()).toEqual(["access_token", "refresh_token"]);
      const { refreshToken } = await jwt.createTokenPair("alice");
      const cookie = await call("POST", "/refresh", {
        Cookie: `refresh_token_cookie=${refreshToken}`,
      });
      expect(cookie.status).toBe(200);
      expect(Object.keys(cookiesSetBy(cookie.setCookies))).toEqual([
        "access_token_cookie",
        "refresh_token_cookie",
      ]);
    });

    it("answers a reused refresh token through the filter with the loaders' 401", async () => {
      const { refreshToken } = await jwt.createTokenPair("alice");
      expect((await call("POST", "/refresh", bearer(refreshToken))).status).toBe(200);
      const reused = await call("POST", "/refresh", bearer(refreshToken));
      expect([reused.status, json(reused)]).toEqual([401, { msg: "Token has been revoked" }]);
    });

    it("refuses an access token on the refresh route", async () => {
      const res = await call("POST", "/refresh", bearer(await jwt.createAccessToken("alice")));
      expect([res.status, json(res)]).toEqual([422, { msg: "Only refresh tokens are allowed" }]);
    });

    it("logs out: revokes the presented token and unsets the JWT cookies", async () => {
      const token = await jwt.createAccessToken("alice");
      const res = await call("POST", "/logout", bearer(token));
      expect([res.status, json(res)]).toEqual([200, { msg: "bye" }]);
      expect(Object.keys(cookiesSetBy(res.setCookies))).toEqual([
        "access_token_cookie",
        "refresh_token_cookie",
      ]);
      const after = await call("GET", "/me", bearer(token));
      expect([after.status, json(after)]).toEqual([401, { msg: "Token has been revoked" }]);
    });

    it("renews a due access cookie after a guarded route, once, and not on an error answer", async () => {
      const token = await jwt.createAccessToken("alice");
      const res = await call("GET", "/me", { Cookie: `access_token_cookie=${token}` });
      expect(res.status).toBe(200);
      expect(Object.keys(cookiesSetBy(res.setCookies))).toEqual(["access_token_cookie"]);
      expect(res.setCookies).toHaveLength(1);
      const forbidden = await call("GET", "/forbidden", { Cookie: `access_token_cookie=${token}` });
      expect([forbidden.status, json(forbidden)]).toEqual([403, { no: true }]);
      expect(forbidden.setCookies).toEqual([]);
    });
  });

  describe("JwtGuard as APP_GUARD", () => {
    let url: string;
    let jwt: ReturnType<typeof manager>;

    beforeAll(async () => {
      jwt = manager();
      @Module({
        imports: [JwtExtendedModule.forRoot(jwt)],
        controllers: [GlobalGuardController],
        providers: [{ provide: APP_GUARD, useExisting: JwtGuard }, AliceOnly],
      })
      class AppModule {}
      url = await listenNest(pool, AppModule, platform);
    });

    it("verifies before the application's own guards, which see the identity", async () => {
      const alice = await send({
        method: "GET",
        url: `${url}/mine`,
        headers: bearer(await jwt.createAccessToken("alice")),
      });
      expect([alice.status, json(alice)]).toEqual([200, { identity: "alice" }]);
      const bob = await send({
        method: "GET",
        url: `${url}/mine`,
        headers: bearer(await jwt.createAccessToken("bob")),
      });
      expect(bob.status).toBe(403);
      const none = await send({ method: "GET", url: `${url}/mine` });
      expect([none.status, json(none)]).toEqual([
        401,
        { msg: expect.stringMatching(/^Missing JWT/) },
      ]);
    });

    it("renews a due cookie once, though the guard runs globally and on the route", async () => {
      const token = await jwt.createAccessToken("alice");
      const res = await send({
        method: "GET",
        url: `${url}/mine`,
        headers: { Cookie: `access_token_cookie=${token}` },
      });
      expect(res.status).toBe(200);
      expect(res.setCookies).toHaveLength(1);
    });

    it("lets routes without @JwtRequired through", async () => {
      const res = await send({ method: "GET", url: `${url}/open` });
      expect([res.status, json(res)]).toEqual([200, { open: true }]);
    });
  });

  describe("JwtExtendedModule.forRootAsync", () => {
    /** A configuration service, as @nestjs/config's ConfigService. */
    class Settings {
      get(name: string): string | undefined {
        return { JWT_SECRET_KEY: SECRET }[name];
      }
    }
    @Module({ providers: [Settings], exports: [Settings] })
    class SettingsModule {}

    it("builds the manager from injected providers, and provides it and its binding", async () => {
      @Controller()
      class ProbeController {
        constructor(
          @Inject(JwtManager) private readonly jwt: JwtManager,
          @Inject(JWT_BINDING) private readonly binding: HttpBinding<string, unknown, object>,
        ) {}
        @Get("token")
        async token() {
          return {
            token: await this.jwt.createAccessToken("carol"),
            same: this.binding.manager === this.jwt,
          };
        }
        @Get("who")
        @JwtRequired()
        who(@JwtIdentity() identity: string) {
          return { identity };
        }
      }
      @Module({
        imports: [
          JwtExtendedModule.forRootAsync({
            imports: [SettingsModule],
            inject: [Settings],
            useFactory: async (settings: Settings) => ({
              secretKey: settings.get("JWT_SECRET_KEY"),
            }),
          }),
        ],
        controllers: [ProbeController],
      })
      class AppModule {}
      const url = await listenNest(pool, AppModule, platform);
      const issued = json(await send({ method: "GET", url: `${url}/token` })) as {
        token: string;
        same: boolean;
      };
      expect(issued.same).toBe(true);
      const res = await send({ method: "GET", url: `${url}/who`, headers: bearer(issued.token) });
      expect([res.status, json(res)]).toEqual([200, { identity: "carol" }]);
      // Signed with the configured secret: another manager with it verifies the token.
      const other = new JwtManager({ secretKey: SECRET });
      expect((await other.decodeToken(issued.token)).sub).toBe("carol");
    });
  });

  describe("bodies, with Nest's own parsers", () => {
    it("reads the json location from the body the platform parsed, the handler reading it too", async () => {
      const jwt = new JwtManager({ secretKey: SECRET, tokenLocation: ["json"] });
      @Controller()
      class BodyController {
        @Post("echo")
        @HttpCode(200)
        @JwtRequired()
        echo(@JwtIdentity() identity: string, @Body() body: { note?: string }) {
          return { identity, note: body.note };
        }
      }
      @Module({ imports: [JwtExtendedModule.forRoot(jwt)], controllers: [BodyController] })
      class AppModule {}
      const url = await listenNest(pool, AppModule, platform);
      const token = await jwt.createAccessToken("alice");
      const res = await send({
        method: "POST",
        url: `${url}/echo`,
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ access_token: token, note: "kept" }),
      });
      expect([res.status, json(res)]).toEqual([200, { identity: "alice", note: "kept" }]);
      const missing = await send({
        method: "POST",
        url: `${url}/echo`,
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ note: "no token" }),
      });
      expect([missing.status, json(missing)]).toEqual([
        401,
        { msg: 'Missing "access_token" key in json data.' },
      ]);
    });
  });

  describe("route options", () => {
    it("are checked when the application starts: a bad option fails app.init()", async () => {
      @Controller()
      class Misconfigured {
        @Get("x")
        @JwtRequired({ locations: ["nowhere" as never] })
        x() {
          return {};
        }
      }
      @Module({
        imports: [JwtExtendedModule.forRoot({ secretKey: SECRET })],
        controllers: [Misconfigured],
      })
      class AppModule {}
      const app = pool.track(await createNest(AppModule, platform));
      await expect(app.init()).rejects.toBeInstanceOf(ConfigurationError);
    });
  });
});
