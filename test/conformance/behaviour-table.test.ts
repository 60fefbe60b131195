/**
 * The behaviour table of docs/frameworks.md ("The same on every framework"), row by row,
 * on the same application built for each adapter and served over real HTTP.
 */
import { Controller, Get, HttpCode, Inject, Module, Post, Req, Res } from "@nestjs/common";
import express from "express";
import Fastify from "fastify";
import { H3 } from "h3";
import { toNodeHandler } from "h3/node";
import { Hono } from "hono";
import { JwtManager, MemoryTokenStore, type TokenStore } from "jwt-extended";
import { expressJwt } from "jwt-extended/express";
import { fastifyJwt } from "jwt-extended/fastify";
import { fetchJwt } from "jwt-extended/fetch";
import { h3Jwt } from "jwt-extended/h3";
import { honoJwt } from "jwt-extended/hono";
import { koaJwt } from "jwt-extended/koa";
import {
  JwtExtendedModule,
  JwtExtendedService,
  JwtRequired,
  type NestRequest,
  type NestResponse,
} from "jwt-extended/nest";
import Koa from "koa";
import { beforeEach, describe, expect, it } from "vitest";
import { bearer } from "../helpers/bearer.ts";
import { type HttpResponse, send } from "../helpers/http.ts";
import { listenNest, type NestPlatform } from "../helpers/nest.ts";
import { serverPool } from "../helpers/servers.ts";
import { cookiesSetBy } from "../helpers/set-cookie.ts";

/**
 * A store over memory that answers on a later turn of the event loop, as a store across a
 * network does, and refuses every call once `down`, as an unreachable Redis would.
 */
class SwitchableStore implements TokenStore {
  down = false;
  readonly #memory = new MemoryTokenStore();
  #up = async () => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (this.down) throw new Error("connection refused");
  };
  get = async (key: string) => {
    await this.#up();
    return this.#memory.get(key);
  };
  set = async (key: string, value: string, ttl: number | null) => {
    await this.#up();
    return this.#memory.set(key, value, ttl);
  };
  setIfAbsent = async (key: string, value: string, ttl: number | null) => {
    await this.#up();
    return this.#memory.setIfAbsent(key, value, ttl);
  };
  hasAny = async (keys: readonly string[]) => {
    await this.#up();
    return this.#memory.hasAny(keys);
  };
}

interface Table {
  jwt: JwtManager;
  store: SwitchableStore;
}

/** Tokens always due for implicit refresh (10 minutes left, a 30-minute window). */
const table = (): Table => {
  const store = new SwitchableStore();
  const jwt = new JwtManager({
    secretKey: "a-secret-of-at-least-thirty-two-bytes!!",
    tokenLocation: ["headers", "cookies", "query_string"],
    cookieCsrfProtect: false,
    accessTokenExpires: 600,
    implicitRefreshWindow: "30m",
    refreshRotation: true,
    refreshRotationGrace: 0,
    store,
  });
  return { jwt, store };
};

const STORE = "behaviour-table:store";

/** The routes below, as a Nest controller. */
@Controller()
class NestRoutes {
  constructor(
    @Inject(JwtExtendedService) private readonly jwt: JwtExtendedService<string>,
    @Inject(STORE) private readonly store: SwitchableStore,
  ) {}

  @Get("guarded")
  @JwtRequired()
  guarded() {
    return { ok: true };
  }

  @Get("forbidden")
  @JwtRequired()
  @HttpCode(403)
  forbidden() {
    return { no: true };
  }

  @Get("inline")
  async inline(@Req() req: NestRequest) {
    return { identity: (await this.jwt.verifyJwtInRequest(req)).identity };
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

  @Get("answer-then-throw")
  @JwtRequired()
  answerThenThrow(@Res() res: NestResponse) {
    res.send({ ok: true });
    throw new Error("after the answer");
  }

  @Post("store-down")
  @JwtRequired()
  @HttpCode(201)
  storeDown() {
    this.store.down = true;
    return { created: true };
  }
}

const nestApp =
  (platform: NestPlatform) =>
  async ({ jwt, store }: Table, pool: ReturnType<typeof serverPool>) => {
    @Module({
      imports: [JwtExtendedModule.forRoot(jwt)],
      controllers: [NestRoutes],
      providers: [{ provide: STORE, useValue: store }],
    })
    class AppModule {}
    return listenNest(pool, AppModule, platform);
  };

/**
 * The routes, on every adapter: GET /guarded (behind the guard), GET /inline
 * (verifyJwtInRequest in the handler), POST /refresh (guard with refresh), POST /logout
 * (no guard), POST /store-down (guarded; the store goes down inside the route, 201).
 */
const APPS = {
  async express({ jwt, store }: Table, pool: ReturnType<typeof serverPool>) {
    const { jwtRequired, verifyJwtInRequest, jwtErrorHandler, refresh, logout } = expressJwt(jwt);
    const app = express();
    app.get("/guarded", jwtRequired(), (_req, res) => void res.json({ ok: true }));
    app.get("/forbidden", jwtRequired(), (_req, res) => void res.status(403).json({ no: true }));
    app.get("/inline", async (req, res) => {
      res.json({ identity: (await verifyJwtInRequest(req)).identity });
    });
    app.post("/refresh", jwtRequired({ refresh: true }), refresh);
    app.post("/logout", async (req, res) => {
      await logout(req, res);
      res.json({ msg: "bye" });
    });
    app.post("/store-down", jwtRequired(), (_req, res) => {
      store.down = true;
      res.status(201).json({ created: true });
    });
    app.get("/answer-then-throw", jwtRequired(), (_req, res) => {
      res.json({ ok: true });
      throw new Error("after the answer");
    });
    app.use(jwtErrorHandler());
    return pool.node(app);
  },
  async fastify({ jwt, store }: Table, pool: ReturnType<typeof serverPool>) {
    const { plugin, verifyJwtInRequest, refresh, logout } = fastifyJwt(jwt);
    const app = Fastify();
    await app.register(plugin);
    app.get("/guarded", { config: { jwt: true } }, async () => ({ ok: true }));
    app.get("/forbidden", { config: { jwt: true } }, (_request, reply) =>
      reply.code(403).send({ no: true }),
    );
    app.get("/inline", async (request) => ({
      identity: (await verifyJwtInRequest(request)).identity,
    }));
    app.post("/refresh", { config: { jwt: { refresh: true } } }, refresh);
    app.post("/logout", async (request, reply) => {
      await logout(request, reply);
      return { msg: "bye" };
    });
    app.post("/store-down", { config: { jwt: true } }, async (_request, reply) => {
      store.down = true;
      return reply.code(201).send({ created: true });
    });
    app.get("/answer-then-throw", { config: { jwt: true } }, async (_request, reply) => {
      reply.send({ ok: true });
      throw new Error("after the answer");
    });
    return pool.fastify(app);
  },
  async hono({ jwt, store }: Table, pool: ReturnType<typeof serverPool>) {
    const { jwtRequired, verifyJwtInRequest, refresh, logout } = honoJwt(jwt);
    const app = new Hono();
    app.get("/guarded", jwtRequired(), (c) => c.json({ ok: true }));
    app.get("/forbidden", jwtRequired(), (c) => c.json({ no: true }, 403));
    app.get("/inline", async (c) => c.json({ identity: (await verifyJwtInRequest(c)).identity }));
    app.post("/refresh", jwtRequired({ refresh: true }), refresh);
    app.post("/logout", async (c) => {
      await logout(c);
      return c.json({ msg: "bye" });
    });
    app.post("/store-down", jwtRequired(), (c) => {
      store.down = true;
      return c.json({ created: true }, 201);
    });
    return pool.fetch(app.fetch);
  },
  async fetch({ jwt, store }: Table, pool: ReturnType<typeof serverPool>) {
    const { jwtRequired, verifyJwtInRequest, jwtErrorResponse, refresh, logout } = fetchJwt(jwt);
    const routes: Record<string, (request: Request) => Promise<Response>> = {
      "GET /guarded": jwtRequired()(() => Response.json({ ok: true })),
      "GET /forbidden": jwtRequired()(() => Response.json({ no: true }, { status: 403 })),
      "GET /inline": (request) =>
        verifyJwtInRequest(request).then(
          ({ identity }) => Response.json({ identity }),
          jwtErrorResponse,
        ),
      "POST /refresh": jwtRequired({ refresh: true })((_request, context) => refresh(context)),
      "POST /logout": (request) => logout(request, Response.json({ msg: "bye" })),
      "POST /store-down": jwtRequired()(() => {
        store.down = true;
        return Response.json({ created: true }, { status: 201 });
      }),
    };
    return pool.fetch((request) => {
      const route = routes[`${request.method} ${new URL(request.url).pathname}`];
      return route ? route(request) : Response.json({}, { status: 404 });
    });
  },
  async koa({ jwt, store }: Table, pool: ReturnType<typeof serverPool>) {
    const { jwtRequired, verifyJwtInRequest, jwtErrorHandler, refresh, logout } = koaJwt(jwt);
    const behind =
      (guard: Koa.Middleware, handler: Koa.Middleware): Koa.Middleware =>
      (ctx, next) =>
        guard(ctx, () => handler(ctx, next));
    const guarded = (handler: Koa.Middleware) => behind(jwtRequired(), handler);
    const routes: Record<string, Koa.Middleware> = {
      "GET /guarded": guarded((ctx) => {
        ctx.body = { ok: true };
      }),
      "GET /forbidden": guarded((ctx) => {
        ctx.status = 403;
        ctx.body = { no: true };
      }),
      "GET /inline": async (ctx) => {
        ctx.body = { identity: (await verifyJwtInRequest(ctx)).identity };
      },
      "POST /refresh": behind(jwtRequired({ refresh: true }), refresh),
      "POST /logout": async (ctx) => {
        await logout(ctx);
        ctx.body = { msg: "bye" };
      },
      "POST /store-down": guarded((ctx) => {
        store.down = true;
        ctx.status = 201;
        ctx.body = { created: true };
      }),
    };
    const app = new Koa().use(jwtErrorHandler());
    app.use((ctx, next) => routes[`${ctx.method} ${ctx.path}`]?.(ctx, next) ?? next());
    return pool.node(app.callback());
  },
  async h3({ jwt, store }: Table, pool: ReturnType<typeof serverPool>) {
    const { jwtRequired, protect, verifyJwtInRequest, jwtErrorHandler, refresh, logout } =
      h3Jwt(jwt);
    const app = new H3({ onError: jwtErrorHandler() });
    app.get(
      "/guarded",
      protect(() => ({ ok: true })),
    );
    app.get(
      "/forbidden",
      protect(() => Response.json({ no: true }, { status: 403 })),
    );
    app.get("/inline", async (event) => ({ identity: (await verifyJwtInRequest(event)).identity }));
    app.post("/refresh", refresh, { middleware: [jwtRequired({ refresh: true })] });
    app.post("/logout", async (event) => {
      await logout(event);
      return { msg: "bye" };
    });
    app.post(
      "/store-down",
      protect((event) => {
        store.down = true;
        event.res.status = 201;
        return { created: true };
      }),
    );
    return pool.node(toNodeHandler(app));
  },
  nest: nestApp("express"),
  "nest-fastify": nestApp("fastify"),
};

/**
 * The adapters whose routes can send their answer and go on running. On Fastify (and Nest
 * on Fastify) a route that sends with `reply.send` must return `reply` (Fastify's rule): an
 * error thrown after `reply.send` while an onSend hook runs is answered by Fastify, a 500.
 */
const SENDS_BEFORE_RETURNING: readonly string[] = ["express", "nest"];

const json = (res: HttpResponse): unknown => JSON.parse(res.text);
const setNames = (res: HttpResponse) => Object.keys(cookiesSetBy(res.setCookies));

describe.each(Object.keys(APPS) as (keyof typeof APPS)[])("the behaviour table on %s", (name) => {
  const pool = serverPool();
  let url: string;
  let app: Table;
  let tokens: { accessToken: string; refreshToken: string };
  beforeEach(async () => {
    app = table();
    url = await APPS[name](app, pool);
    tokens = await app.jwt.createTokenPair("alice");
  });
  const call = (method: string, path: string, headers: Record<string, string> = {}) =>
    send({ method, url: `${url}${path}`, headers });
  const cookie = (name_: string, token: string) => ({ Cookie: `${name_}=${token}` });

  describe("verifyJwtInRequest", () => {
    it("lets a valid token through, with the context", async () => {
      const res = await call("GET", "/inline", bearer(tokens.accessToken));
      expect([res.status, json(res)]).toEqual([200, { identity: "alice" }]);
    });

    it("answers a client failure with the loaders' answer, as a guard does", async () => {
      const inline = await call("GET", "/inline");
      const guarded = await call("GET", "/guarded");
      expect(inline.status).toBe(401);
      expect([guarded.status, json(guarded)]).toEqual([inline.status, json(inline)]);
    });

    it("renews no cookie: only guards renew", async () => {
      const res = await call("GET", "/inline", cookie("access_token_cookie", tokens.accessToken));
      expect(res.status).toBe(200);
      expect(res.setCookies).toEqual([]);
    });
  });

  describe("refresh", () => {
    it("answers a refresh token from a header with both tokens in the body", async () => {
      const res = await call("POST", "/refresh", bearer(tokens.refreshToken));
      expect(res.status).toBe(200);
      expect(Object.keys(json(res) as object).sort()).toEqual(["access_token", "refresh_token"]);
      expect(res.setCookies).toEqual([]);
    });

    it("answers a refresh token from a cookie with new cookies", async () => {
      const res = await call(
        "POST",
        "/refresh",
        cookie("refresh_token_cookie", tokens.refreshToken),
      );
      expect(res.status).toBe(200);
      expect(setNames(res)).toEqual(["access_token_cookie", "refresh_token_cookie"]);
    });

    it("answers a reused refresh token with the loaders' 401", async () => {
      await call("POST", "/refresh", bearer(tokens.refreshToken));
      const reused = await call("POST", "/refresh", bearer(tokens.refreshToken));
      expect([reused.status, json(reused)]).toEqual([401, { msg: "Token has been revoked" }]);
    });
  });

  describe("logout", () => {
    it("revokes the presented token and unsets the JWT cookies; the route answers", async () => {
      const res = await call("POST", "/logout", bearer(tokens.accessToken));
      expect([res.status, json(res)]).toEqual([200, { msg: "bye" }]);
      expect(setNames(res)).toEqual(["access_token_cookie", "refresh_token_cookie"]);
      const after = await call("GET", "/guarded", bearer(tokens.accessToken));
      expect([after.status, json(after)]).toEqual([401, { msg: "Token has been revoked" }]);
    });

    it("answers a revocation that cannot be stored with 503 and Retry-After, unsetting nothing", async () => {
      app.store.down = true;
      const res = await call("POST", "/logout", bearer(tokens.accessToken));
      expect(res.status).toBe(503);
      expect(res.headers["retry-after"]).toBe("1");
      expect(json(res)).toEqual({ msg: expect.any(String) });
      expect(res.setCookies).toEqual([]);
    });
  });

  describe("implicit refresh", () => {
    it("renews a due cookie after a guarded route, once", async () => {
      const res = await call("GET", "/guarded", cookie("access_token_cookie", tokens.accessToken));
      expect(res.status).toBe(200);
      expect(setNames(res)).toEqual(["access_token_cookie"]);
      expect(res.setCookies).toHaveLength(1);
    });

    it("renews nothing on a route's error answer", async () => {
      const res = await call(
        "GET",
        "/forbidden",
        cookie("access_token_cookie", tokens.accessToken),
      );
      expect([res.status, json(res)]).toEqual([403, { no: true }]);
      expect(res.setCookies).toEqual([]);
    });
  });

  // Only where a route can send its answer and go on: elsewhere a route answers by
  // returning (on Koa, when its middleware settles), and a throw is its answer.
  if (SENDS_BEFORE_RETURNING.includes(name)) {
    it("keeps the answer of a route that answered and then threw, renewed; the server keeps serving", async () => {
      const due = cookie("access_token_cookie", tokens.accessToken);
      const res = await call("GET", "/answer-then-throw", due);
      expect([res.status, json(res)]).toEqual([200, { ok: true }]);
      expect(setNames(res)).toEqual(["access_token_cookie"]);
      expect((await call("GET", "/guarded", due)).status).toBe(200);
    });
  }

  describe("errors", () => {
    it("answer with the loaders' status and JSON body", async () => {
      const res = await call("GET", "/guarded", bearer("not-a-token"));
      expect([res.status, json(res)]).toEqual([422, { msg: "Not enough segments" }]);
      expect(res.headers["content-type"]).toMatch(/^application\/json/);
    });
  });

  describe("store failures", () => {
    it("answer 503 with Retry-After when the guard cannot ask the store", async () => {
      app.store.down = true;
      const res = await call("GET", "/guarded", bearer(tokens.accessToken));
      expect(res.status).toBe(503);
      expect(res.headers["retry-after"]).toBe("1");
    });

    it("after the route leave the route's answer as it is, without a renewal", async () => {
      const res = await call(
        "POST",
        "/store-down",
        cookie("access_token_cookie", tokens.accessToken),
      );
      expect([res.status, json(res)]).toEqual([201, { created: true }]);
      expect(res.setCookies).toEqual([]);
    });
  });

  describe("repeated headers and fields", () => {
    it("read two Authorization lines as one line of two credentials, refused alike", async () => {
      const res = await send({
        method: "GET",
        url: `${url}/guarded`,
        rawHeaders: [
          ["Authorization", `Bearer ${tokens.accessToken}`],
          ["Authorization", "Bearer other"],
        ],
      });
      const oneLine = await call("GET", "/guarded", {
        Authorization: `Bearer ${tokens.accessToken}, Bearer other`,
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect([res.status, json(res)]).toEqual([oneLine.status, json(oneLine)]);
    });

    it("read the first of a repeated query parameter", async () => {
      const res = await call("GET", `/guarded?jwt=${tokens.accessToken}&jwt=junk`);
      expect([res.status, json(res)]).toEqual([200, { ok: true }]);
    });
  });
});
