import { Elysia } from "elysia";
import Fastify from "fastify";
import { H3 } from "h3";
import { toNodeHandler } from "h3/node";
import { Hono } from "hono";
import { JwtManager } from "jwt-extended";
import { elysiaJwt } from "jwt-extended/elysia";
import { fastifyJwt } from "jwt-extended/fastify";
import { fetchJwt } from "jwt-extended/fetch";
import { h3Jwt } from "jwt-extended/h3";
import { honoJwt } from "jwt-extended/hono";
import { koaJwt } from "jwt-extended/koa";
import Koa from "koa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { listen } from "../helpers/listen.ts";
import { serveFetch } from "../helpers/serve-fetch.ts";
import { cookieNamesSetBy } from "../helpers/set-cookie.ts";

const jwt = new JwtManager({
  secretKey: "a-secret-of-at-least-thirty-two-bytes!!",
  tokenLocation: ["cookies"],
  accessTokenExpires: 600,
  implicitRefreshWindow: "30m",
});

interface Served {
  url: string;
  close(): Promise<void>;
}

/** The same five routes on each framework: /login, /ok, /forbidden, /crash, DELETE /logout. */
const SERVERS: Record<string, () => Promise<Served>> = {
  async fastify() {
    const app = Fastify();
    const { plugin } = fastifyJwt(jwt);
    await app.register(plugin);
    app.post("/login", async (_request, reply) => {
      reply.setAccessCookies(await jwt.createAccessToken("alice"));
      return {};
    });
    app.get("/ok", { config: { jwt: true } }, async () => ({ ok: true }));
    app.get("/forbidden", { config: { jwt: true } }, async (_request, reply) =>
      reply.code(403).send({ msg: "no" }),
    );
    app.get("/crash", { config: { jwt: true } }, async () => {
      throw new Error("boom");
    });
    app.get("/redirect", { config: { jwt: true } }, async (_request, reply) =>
      reply.redirect("/ok"),
    );
    return { url: await app.listen({ port: 0, host: "127.0.0.1" }), close: () => app.close() };
  },

  async hono() {
    const app = new Hono();
    const { jwtRequired, setAccessCookies } = honoJwt(jwt);
    app.post("/login", async (c) => {
      setAccessCookies(c, await jwt.createAccessToken("alice"));
      return c.json({});
    });
    app.get("/ok", jwtRequired(), (c) => c.json({ ok: true }));
    app.get("/forbidden", jwtRequired(), (c) => c.json({ msg: "no" }, 403));
    app.get("/crash", jwtRequired(), () => {
      throw new Error("boom");
    });
    app.get("/redirect", jwtRequired(), (c) => c.redirect("/ok"));
    app.onError((_error, c) => c.json({ msg: "error" }, 500));
    return serveFetch(app.fetch);
  },

  async fetch() {
    const { jwtRequired, setAccessCookies } = fetchJwt(jwt);
    const routes: Record<string, (request: Request) => Promise<Response>> = {
      "POST /login": async () => {
        const response = Response.json({});
        setAccessCookies(response, await jwt.createAccessToken("alice"));
        return response;
      },
      "GET /ok": jwtRequired()(() => Response.json({ ok: true })),
      "GET /forbidden": jwtRequired()(() => Response.json({ msg: "no" }, { status: 403 })),
      "GET /crash": jwtRequired()(() => {
        throw new Error("boom");
      }),
      // Response.redirect() has immutable headers: the adapter must copy it.
      "GET /redirect": jwtRequired()(() => Response.redirect("http://127.0.0.1/ok", 302)),
    };
    return serveFetch(async (request) => {
      const route = routes[`${request.method} ${new URL(request.url).pathname}`];
      try {
        return route ? await route(request) : Response.json({}, { status: 404 });
      } catch {
        return Response.json({ msg: "error" }, { status: 500 });
      }
    });
  },

  async koa() {
    const { jwtRequired, setAccessCookies } = koaJwt(jwt);
    const guarded: Record<string, Koa.Middleware> = {
      "/ok": (ctx) => {
        ctx.body = { ok: true };
      },
      "/forbidden": (ctx) => {
        ctx.status = 403;
        ctx.body = { msg: "no" };
      },
      "/crash": () => {
        throw new Error("boom");
      },
      "/redirect": (ctx) => ctx.redirect("/ok"),
    };
    const guard = jwtRequired();
    const app = new Koa();
    app.silent = true; // the route that throws is expected
    app.use(async (ctx, next) => {
      if (ctx.method === "POST" && ctx.path === "/login") {
        setAccessCookies(ctx, await jwt.createAccessToken("alice"));
        ctx.body = {};
        return;
      }
      const route = guarded[ctx.path];
      return route ? guard(ctx, () => route(ctx, next)) : next();
    });
    return listen(app.callback());
  },

  async h3() {
    const { protect, setAccessCookies } = h3Jwt(jwt);
    const app = new H3({ silent: true })
      .post("/login", async (event) => {
        setAccessCookies(event, await jwt.createAccessToken("alice"));
        return {};
      })
      .get(
        "/ok",
        protect(() => ({ ok: true })),
      )
      .get(
        "/forbidden",
        protect(() => Response.json({ msg: "no" }, { status: 403 })),
      )
      .get(
        "/crash",
        protect(() => {
          throw new Error("boom");
        }),
      )
      // Response.redirect() has immutable headers: h3 copies it with the event's headers.
      .get(
        "/redirect",
        protect(() => Response.redirect("http://127.0.0.1/ok", 302)),
      );
    return listen(toNodeHandler(app));
  },

  async elysia() {
    const { plugin, setAccessCookies } = elysiaJwt(jwt);
    const app = new Elysia()
      .use(plugin)
      .post("/login", async (ctx) => {
        setAccessCookies(ctx, await jwt.createAccessToken("alice"));
        return {};
      })
      .get("/ok", () => ({ ok: true }), { jwtRequired: true })
      .get(
        "/forbidden",
        ({ set }) => {
          set.status = 403;
          return { msg: "no" };
        },
        { jwtRequired: true },
      )
      .get(
        "/crash",
        () => {
          throw new Error("boom");
        },
        { jwtRequired: true },
      )
      // Response.redirect() has immutable headers: the adapter must copy it.
      .get("/redirect", () => Response.redirect("http://127.0.0.1/ok", 302), {
        jwtRequired: true,
      })
      .onError(() => Response.json({ msg: "error" }, { status: 500 }));
    return serveFetch((request) => app.handle(request));
  },
};

describe.each(Object.keys(SERVERS))("implicit refresh on %s", (framework) => {
  let server: Served;
  beforeAll(async () => {
    server = await (SERVERS[framework] as () => Promise<Served>)();
  });
  afterAll(() => server?.close());

  const get = async (path: string) => {
    const jar = new CookieJar();
    jar.update((await fetch(`${server.url}/login`, { method: "POST" })).headers.getSetCookie());
    return fetch(`${server.url}${path}`, {
      headers: { cookie: jar.header() as string },
      redirect: "manual",
    });
  };
  const names = (res: Response) => cookieNamesSetBy(res.headers.getSetCookie());

  it.each([
    ["a 200 answer", "/ok", 200],
    ["a redirect", "/redirect", 302],
  ])("sets a new access cookie and CSRF cookie on %s", async (_name, path, status) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    expect(names(res)).toEqual(["access_token_cookie", "csrf_access_token"]);
  });

  it.each([
    ["a 403 answer", "/forbidden", 403],
    ["a route that throws", "/crash", 500],
  ])("sets no cookie on %s", async (_name, path, status) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    expect(res.headers.getSetCookie()).toEqual([]);
  });
});
