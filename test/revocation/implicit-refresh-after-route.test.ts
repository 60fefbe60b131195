import { Readable } from "node:stream";
import express, { type ErrorRequestHandler } from "express";
import Fastify from "fastify";
import { H3 } from "h3";
import { toNodeHandler } from "h3/node";
import { Hono } from "hono";
import { JwtManager, type JwtPayload, MemoryTokenStore, type TokenStore } from "jwt-extended";
import { expressJwt } from "jwt-extended/express";
import { fastifyJwt } from "jwt-extended/fastify";
import { fetchJwt } from "jwt-extended/fetch";
import { h3Jwt } from "jwt-extended/h3";
import { honoJwt } from "jwt-extended/hono";
import { koaJwt } from "jwt-extended/koa";
import Koa from "koa";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { send } from "../helpers/http.ts";
import { listen } from "../helpers/listen.ts";
import { serveFetch } from "../helpers/serve-fetch.ts";
import { cookieNamesSetBy } from "../helpers/set-cookie.ts";

/**
 * The application's own revocation store, over memory, that stops answering when told to:
 * as a Redis server going away in the middle of a request would.
 */
class SwitchableStore implements TokenStore {
  down = false;
  /** How it fails once down: with an error at once, or by never answering. */
  failure: "refuses" | "hangs" = "refuses";
  /** Whether it answers on a later turn of the event loop, as a store across a network does. */
  remote = false;
  readonly #memory = new MemoryTokenStore();
  #up(): Promise<void> {
    if (this.remote) return new Promise((resolve) => setTimeout(resolve, 1));
    if (!this.down) return Promise.resolve();
    return this.failure === "refuses"
      ? Promise.reject(new Error("connection refused"))
      : new Promise(() => {});
  }
  async get(key: string) {
    await this.#up();
    return this.#memory.get(key);
  }
  async set(key: string, value: string, ttlMs: number | null) {
    await this.#up();
    return this.#memory.set(key, value, ttlMs);
  }
  async setIfAbsent(key: string, value: string, ttlMs: number | null) {
    await this.#up();
    return this.#memory.setIfAbsent(key, value, ttlMs);
  }
  async hasAny(keys: readonly string[]) {
    await this.#up();
    return this.#memory.hasAny(keys);
  }
}

/** One application: a manager whose tokens are always due, its store, its blocklist. */
class App {
  readonly store = new SwitchableStore();
  readonly blocked = new Set<string>();
  claimsBroken = false;
  readonly jwt = new JwtManager({
    secretKey: "a-secret-of-at-least-thirty-two-bytes!!",
    tokenLocation: ["cookies"],
    accessTokenExpires: 600,
    implicitRefreshWindow: "30m",
    store: this.store,
    // Short, for the store that stops answering; long enough for a busy machine.
    storeTimeout: 1,
  })
    .tokenInBlocklistLoader((_header, payload) => this.blocked.has(payload.jti as string))
    .additionalClaimsLoader(() => {
      if (this.claimsBroken) throw new Error("the claims service is down");
      return {};
    });

  /** What each route does, whatever the framework. */
  readonly routes = {
    login: () => this.jwt.createAccessToken("alice"),
    revokeOwn: (payload: JwtPayload) => this.jwt.revokeToken(payload),
    blockOwn: (payload: JwtPayload) => {
      this.blocked.add(payload.jti as string);
    },
    storeGoesDown: () => {
      this.store.down = true;
    },
    claimsBreak: () => {
      this.claimsBroken = true;
    },
  };
}

interface Served {
  app: App;
  url: string;
  close(): Promise<void>;
}

/**
 * The same routes on each framework: POST /login; GET /ok; GET /inside (verifyJwtInRequest
 * in the handler, no guard); POST /revoke-own and POST /block-own (200 { done: true });
 * POST /orders/store-down and POST /orders/claims-broken (201 { created: true }).
 */
const SERVERS: Record<string, () => Promise<Served>> = {
  async express() {
    const app = new App();
    const { jwtRequired, verifyJwtInRequest, getJwt, setAccessCookies } = expressJwt(app.jwt);
    const server = express();
    server.post("/login", async (_req, res) => {
      setAccessCookies(res, await app.routes.login());
      res.json({});
    });
    server.get("/ok", jwtRequired(), (_req, res) => {
      res.json({ ok: true });
    });
    server.get("/inside", async (req, res) => {
      await verifyJwtInRequest(req);
      res.json({ ok: true });
    });
    server.post("/revoke-own", jwtRequired(), async (req, res) => {
      await app.routes.revokeOwn(getJwt(req));
      res.json({ done: true });
    });
    server.post("/block-own", jwtRequired(), (req, res) => {
      app.routes.blockOwn(getJwt(req));
      res.json({ done: true });
    });
    server.post("/orders/store-down", jwtRequired(), (_req, res) => {
      app.routes.storeGoesDown();
      res.status(201).json({ created: true });
    });
    server.post("/orders/claims-broken", jwtRequired(), (_req, res) => {
      app.routes.claimsBreak();
      res.status(201).json({ created: true });
    });
    return { app, ...(await listen(server)) };
  },

  async fastify() {
    const app = new App();
    const server = Fastify();
    const { plugin, getJwt, verifyJwtInRequest } = fastifyJwt(app.jwt);
    await server.register(plugin);
    server.post("/login", async (_request, reply) => {
      reply.setAccessCookies(await app.routes.login());
      return {};
    });
    server.get("/ok", { config: { jwt: true } }, async () => ({ ok: true }));
    server.get("/inside", async (request) => {
      await verifyJwtInRequest(request);
      return { ok: true };
    });
    server.post("/revoke-own", { config: { jwt: true } }, async (request) => {
      await app.routes.revokeOwn(getJwt(request));
      return { done: true };
    });
    server.post("/block-own", { config: { jwt: true } }, async (request) => {
      app.routes.blockOwn(getJwt(request));
      return { done: true };
    });
    server.post("/orders/store-down", { config: { jwt: true } }, async (_request, reply) => {
      app.routes.storeGoesDown();
      return reply.code(201).send({ created: true });
    });
    server.post("/orders/claims-broken", { config: { jwt: true } }, async (_request, reply) => {
      app.routes.claimsBreak();
      return reply.code(201).send({ created: true });
    });
    const url = await server.listen({ port: 0, host: "127.0.0.1" });
    return { app, url, close: () => server.close() };
  },

  async hono() {
    const app = new App();
    const server = new Hono();
    const { jwtRequired, verifyJwtInRequest, getJwt, setAccessCookies } = honoJwt(app.jwt);
    server.post("/login", async (c) => {
      setAccessCookies(c, await app.routes.login());
      return c.json({});
    });
    server.get("/ok", jwtRequired(), (c) => c.json({ ok: true }));
    server.get("/inside", async (c) => {
      await verifyJwtInRequest(c);
      return c.json({ ok: true });
    });
    server.post("/revoke-own", jwtRequired(), async (c) => {
      await app.routes.revokeOwn(getJwt(c));
      return c.json({ done: true });
    });
    server.post("/block-own", jwtRequired(), (c) => {
      app.routes.blockOwn(getJwt(c));
      return c.json({ done: true });
    });
    server.post("/orders/store-down", jwtRequired(), (c) => {
      app.routes.storeGoesDown();
      return c.json({ created: true }, 201);
    });
    server.post("/orders/claims-broken", jwtRequired(), (c) => {
      app.routes.claimsBreak();
      return c.json({ created: true }, 201);
    });
    return { app, ...(await serveFetch(server.fetch)) };
  },

  async fetch() {
    const app = new App();
    const { jwtRequired, verifyJwtInRequest, getJwt, setAccessCookies } = fetchJwt(app.jwt);
    const routes: Record<string, (request: Request) => Promise<Response>> = {
      "POST /login": async () => {
        const response = Response.json({});
        setAccessCookies(response, await app.routes.login());
        return response;
      },
      "GET /ok": jwtRequired()(() => Response.json({ ok: true })),
      "GET /inside": async (request) => {
        await verifyJwtInRequest(request);
        return Response.json({ ok: true });
      },
      "POST /revoke-own": jwtRequired()(async (request) => {
        await app.routes.revokeOwn(getJwt(request));
        return Response.json({ done: true });
      }),
      "POST /block-own": jwtRequired()((request) => {
        app.routes.blockOwn(getJwt(request));
        return Response.json({ done: true });
      }),
      "POST /orders/store-down": jwtRequired()(() => {
        app.routes.storeGoesDown();
        return Response.json({ created: true }, { status: 201 });
      }),
      "POST /orders/claims-broken": jwtRequired()(() => {
        app.routes.claimsBreak();
        return Response.json({ created: true }, { status: 201 });
      }),
    };
    const served = await serveFetch(async (request) => {
      const route = routes[`${request.method} ${new URL(request.url).pathname}`];
      return route ? route(request) : Response.json({}, { status: 404 });
    });
    return { app, ...served };
  },

  async koa() {
    const app = new App();
    const { jwtRequired, verifyJwtInRequest, getJwt, setAccessCookies } = koaJwt(app.jwt);
    const guarded = jwtRequired();
    const routes: Record<string, Koa.Middleware> = {
      "POST /login": async (ctx) => {
        setAccessCookies(ctx, await app.routes.login());
        ctx.body = {};
      },
      "GET /ok": (ctx) => {
        ctx.body = { ok: true };
      },
      "GET /inside": async (ctx) => {
        await verifyJwtInRequest(ctx);
        ctx.body = { ok: true };
      },
      "POST /revoke-own": async (ctx) => {
        await app.routes.revokeOwn(getJwt(ctx));
        ctx.body = { done: true };
      },
      "POST /block-own": (ctx) => {
        app.routes.blockOwn(getJwt(ctx));
        ctx.body = { done: true };
      },
      "POST /orders/store-down": (ctx) => {
        app.routes.storeGoesDown();
        ctx.status = 201;
        ctx.body = { created: true };
      },
      "POST /orders/claims-broken": (ctx) => {
        app.routes.claimsBreak();
        ctx.status = 201;
        ctx.body = { created: true };
      },
    };
    const server = new Koa().use((ctx, next) => {
      const key = `${ctx.method} ${ctx.path}`;
      const route = routes[key];
      if (!route) return next();
      const open = key === "POST /login" || key === "GET /inside";
      return open ? route(ctx, next) : guarded(ctx, () => route(ctx, next));
    });
    return { app, ...(await listen(server.callback())) };
  },

  async h3() {
    const app = new App();
    const { protect, verifyJwtInRequest, getJwt, setAccessCookies } = h3Jwt(app.jwt);
    const server = new H3()
      .post("/login", async (event) => {
        setAccessCookies(event, await app.routes.login());
        return {};
      })
      .get(
        "/ok",
        protect(() => ({ ok: true })),
      )
      .get("/inside", async (event) => {
        await verifyJwtInRequest(event);
        return { ok: true };
      })
      .post(
        "/revoke-own",
        protect(async (event) => {
          await app.routes.revokeOwn(getJwt(event));
          return { done: true };
        }),
      )
      .post(
        "/block-own",
        protect((event) => {
          app.routes.blockOwn(getJwt(event));
          return { done: true };
        }),
      )
      .post(
        "/orders/store-down",
        protect(() => {
          app.routes.storeGoesDown();
          return Response.json({ created: true }, { status: 201 });
        }),
      )
      .post(
        "/orders/claims-broken",
        protect((event) => {
          app.routes.claimsBreak();
          event.res.status = 201;
          return { created: true };
        }),
      );
    return { app, ...(await listen(toNodeHandler(server))) };
  },
};

describe.each(Object.keys(SERVERS))(
  "implicit refresh decided after the route on %s",
  (framework) => {
    let served: Served;
    beforeAll(async () => {
      served = await (SERVERS[framework] as () => Promise<Served>)();
    });
    afterAll(() => served?.close());
    afterEach(() => {
      served.app.store.down = false;
      served.app.store.failure = "refuses";
      served.app.claimsBroken = false;
    });

    const login = async (): Promise<CookieJar> => {
      const jar = new CookieJar();
      jar.update((await fetch(`${served.url}/login`, { method: "POST" })).headers.getSetCookie());
      return jar;
    };
    const call = (jar: CookieJar, method: string, path: string) =>
      fetch(`${served.url}${path}`, {
        method,
        headers: {
          cookie: jar.header() as string,
          "X-CSRF-TOKEN": jar.get("csrf_access_token") as string,
        },
      });
    const cookieNames = (res: Response) => cookieNamesSetBy(res.headers.getSetCookie());

    it("renews the access cookie of a route that leaves its token alone", async () => {
      const res = await call(await login(), "GET", "/ok");
      expect(res.status).toBe(200);
      expect(cookieNames(res)).toEqual(["access_token_cookie", "csrf_access_token"]);
    });

    // Only guards renew: a handler that calls verifyJwtInRequest answers by itself, and on
    // Hono and fetch no hook of the adapter's sees that answer, so no adapter renews there.
    it("does not renew after verifyJwtInRequest inside a handler", async () => {
      const res = await call(await login(), "GET", "/inside");
      expect(res.status).toBe(200);
      expect(cookieNames(res)).toEqual([]);
    });

    it.each([
      ["revokes its own token with revokeToken", "/revoke-own"],
      ["adds its own token's jti to the blocklist", "/block-own"],
    ])(
      "answers a route that %s without a new cookie, and the token stays refused",
      async (_name, path) => {
        const jar = await login();
        const res = await call(jar, "POST", path);
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ done: true });
        expect(res.headers.getSetCookie()).toEqual([]);

        const after = await call(jar, "GET", "/ok");
        expect(after.status).toBe(401);
        expect(after.headers.getSetCookie()).toEqual([]);
      },
    );

    it.each([
      ["the revocation store fails", "/orders/store-down", "refuses"],
      ["the revocation store no longer answers (storeTimeout)", "/orders/store-down", "hangs"],
      ["the application's claims loader fails", "/orders/claims-broken", "refuses"],
    ] as const)(
      "keeps the route's own 201, without a new cookie, when %s after the route ran",
      async (_name, path, failure) => {
        served.app.store.failure = failure;
        const res = await call(await login(), "POST", path);
        expect(res.status).toBe(201);
        expect(await res.json()).toEqual({ created: true });
        expect(res.headers.getSetCookie()).toEqual([]);
        expect(res.headers.get("retry-after")).toBeNull();
      },
    );
  },
);

describe("implicit refresh on Express, which holds the response's first write while it decides", () => {
  const app = new App();
  // Express's error handling runs on the next turn of the event loop; a store's answer
  // comes later still.
  app.store.remote = true;
  const { jwtRequired, verifyJwtInRequest, getJwt, setAccessCookies } = expressJwt(app.jwt);
  const errors: string[] = [];
  let served: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    const server = express();
    server.post("/login", async (_req, res) => {
      setAccessCookies(res, await app.routes.login());
      res.json({});
    });
    server.get("/ok", jwtRequired(), (_req, res) => {
      res.json({ ok: true });
    });
    server.get("/chunks", jwtRequired(), async (_req, res) => {
      res.write("a");
      await new Promise((resolve) => setImmediate(resolve));
      res.write("b");
      res.end("c");
    });
    server.get("/events", jwtRequired(), (_req, res) => {
      res.setHeader("content-type", "text/event-stream");
      res.flushHeaders();
      res.write("data: 1\n\n");
      res.end();
    });
    server.get("/piped", jwtRequired(), (_req, res) => {
      Readable.from(["x", "y", "z"]).pipe(res);
    });
    server.get("/no-content", jwtRequired(), (_req, res) => {
      res.sendStatus(204);
    });
    server.get("/twice", jwtRequired(), async (req, res) => {
      await verifyJwtInRequest(req);
      res.json({ ok: true });
    });
    server.get("/answer-then-throw", jwtRequired(), (_req, res) => {
      res.json({ ok: true });
      throw new Error("thrown after the answer");
    });
    server.get("/answer-then-reject", jwtRequired(), async (_req, res) => {
      await new Promise((resolve) => setImmediate(resolve));
      res.status(201).json({ created: true });
      throw new Error("rejected after the answer");
    });
    server.get("/refuse-then-throw", jwtRequired(), (_req, res) => {
      res.status(403).json({ no: true });
      throw new Error("thrown after the refusal");
    });
    server.get("/answer-twice", jwtRequired(), (_req, res) => {
      res.json({ first: true });
      res.json({ second: true });
    });
    server.get("/revoke-then-stream", jwtRequired(), async (req, res) => {
      await app.routes.revokeOwn(getJwt(req));
      res.write("revoked");
      res.end();
    });
    // Records what reaches Express's error handling, then leaves it to Express's own.
    const recordError: ErrorRequestHandler = (error: Error, _req, _res, next) => {
      errors.push(error.message);
      next(error);
    };
    server.use(recordError);
    served = await listen(server);
  });
  afterAll(() => served?.close());

  const login = async (): Promise<CookieJar> => {
    const jar = new CookieJar();
    jar.update((await fetch(`${served.url}/login`, { method: "POST" })).headers.getSetCookie());
    return jar;
  };
  const get = async (path: string, init: RequestInit = {}) =>
    fetch(`${served.url}${path}`, {
      ...init,
      headers: { cookie: (await login()).header() as string, ...init.headers },
    });
  const cookieNames = (res: Response) => cookieNamesSetBy(res.headers.getSetCookie());
  const renewed = ["access_token_cookie", "csrf_access_token"];

  it.each([
    ["written in chunks across ticks", "/chunks", "abc"],
    ["whose headers were flushed first (server-sent events)", "/events", "data: 1\n\n"],
    ["piped from a stream", "/piped", "xyz"],
  ])("renews on a response %s, and sends every chunk in order", async (_name, path, body) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(cookieNames(res)).toEqual(renewed);
    expect(await res.text()).toBe(body);
  });

  it("renews on res.sendStatus(204), with no body", async () => {
    const res = await get("/no-content");
    expect(res.status).toBe(204);
    expect(cookieNames(res)).toEqual(renewed);
    expect(await res.text()).toBe("");
  });

  it("renews on a HEAD request, with no body", async () => {
    const res = await get("/ok", { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(cookieNames(res)).toEqual(renewed);
    expect(await res.text()).toBe("");
  });

  it("answers a conditional request 304, renewing the cookie", async () => {
    const cookie = (await login()).header() as string;
    const etag = (await fetch(`${served.url}/ok`, { headers: { cookie } })).headers.get("etag");
    // Through node:http: fetch adds "cache-control: no-cache", which Express answers 200.
    const res = await send({
      method: "GET",
      url: `${served.url}/ok`,
      rawHeaders: [
        ["cookie", cookie],
        ["if-none-match", etag as string],
      ],
    });
    expect(res.status).toBe(304);
    expect(cookieNamesSetBy(res.setCookies)).toEqual(renewed);
  });

  it("renews once when jwtRequired and verifyJwtInRequest both checked the request", async () => {
    const res = await get("/twice");
    expect(res.status).toBe(200);
    expect(cookieNames(res)).toEqual(renewed);
  });

  it.each([
    ["threw", "/answer-then-throw", 200, { ok: true }, "thrown after the answer"],
    [
      "threw after an await",
      "/answer-then-reject",
      201,
      { created: true },
      "rejected after the answer",
    ],
  ])(
    "sends, renewed, the answer of a route that %s once it had answered; the error goes to Express's error handling",
    async (_name, path, status, body, message) => {
      errors.length = 0;
      const res = await get(path);
      expect([res.status, await res.json()]).toEqual([status, body]);
      expect(cookieNames(res)).toEqual(renewed);
      expect(errors).toEqual([message]);
      expect((await get("/ok")).status).toBe(200);
    },
  );

  it("sends the refusal of a route that threw after it, without a new cookie", async () => {
    errors.length = 0;
    const res = await get("/refuse-then-throw");
    expect([res.status, await res.json()]).toEqual([403, { no: true }]);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(errors).toEqual(["thrown after the refusal"]);
  });

  it("refuses a second answer as Express does, while the first goes out renewed", async () => {
    errors.length = 0;
    const res = await get("/answer-twice");
    expect([res.status, await res.json()]).toEqual([200, { first: true }]);
    expect(cookieNames(res)).toEqual(renewed);
    expect(errors).toEqual(["Cannot set headers after they are sent to the client"]);
    expect((await get("/ok")).status).toBe(200);
  });

  it("streams without a new cookie the answer of a route that revoked its own token", async () => {
    const res = await get("/revoke-then-stream");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("revoked");
    expect(res.headers.getSetCookie()).toEqual([]);
  });
});
