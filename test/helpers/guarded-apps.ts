/**
 * The same small application on each adapter, served on loopback, where routing does not
 * separate methods: every route takes every method, so only the guard decides.
 *
 * - `/api/thing`: behind `jwtRequired()` put in front of the path (Express `app.use` with a
 *   router, Hono `app.use("/api/*")`, a whole `fetch` handler, a Fastify preHandler, a Koa
 *   middleware by path prefix, h3 `app.use("/api/**")`);
 * - `/opt/thing`: the same behind `jwtRequired({ optional: true })`;
 * - `/inline`: a handler that calls `verifyJwtInRequest` itself.
 *
 * Each answers `{ identity }` and counts its runs in `runs`, so a test can tell whether a
 * handler ran.
 */
import { All, Controller, Inject, Module, Req } from "@nestjs/common";
import express from "express";
import Fastify from "fastify";
import { H3 } from "h3";
import { toNodeHandler } from "h3/node";
import { Hono } from "hono";
import type { JwtManager } from "jwt-extended";
import { expressJwt } from "jwt-extended/express";
import { fastifyJwt } from "jwt-extended/fastify";
import { fetchJwt } from "jwt-extended/fetch";
import { h3Jwt } from "jwt-extended/h3";
import { honoJwt } from "jwt-extended/hono";
import { koaJwt } from "jwt-extended/koa";
import {
  JwtExtendedModule,
  JwtExtendedService,
  JwtIdentity,
  JwtRequired,
  type NestRequest,
} from "jwt-extended/nest";
import Koa from "koa";
import { DEMO_FRAMEWORKS, type DemoFramework } from "../../examples/jwt-locations/server.ts";
import { listen } from "./listen.ts";
import { createNest, type NestPlatform } from "./nest.ts";
import { serveFetch } from "./serve-fetch.ts";

/** One guarded app per framework the demo runs on. */
export type AdapterName = DemoFramework;
export const ADAPTERS: readonly AdapterName[] = DEMO_FRAMEWORKS;

/** How many times each handler ran. */
export interface Runs {
  thing: number;
  optional: number;
  inline: number;
}

export interface GuardedApp {
  url: string;
  runs: Runs;
  close(): Promise<void>;
}

type Manager = JwtManager<string, unknown, Record<string, unknown>>;

async function expressApp(jwt: Manager, runs: Runs) {
  const { jwtRequired, verifyJwtInRequest, jwtErrorHandler, getJwtIdentity } = expressJwt(jwt);
  const app = express();
  const thing = express.Router();
  thing.all("/thing", (req, res) => {
    runs.thing++;
    res.json({ identity: getJwtIdentity(req) });
  });
  const optional = express.Router();
  optional.all("/thing", (req, res) => {
    runs.optional++;
    res.json({ identity: getJwtIdentity(req) });
  });
  app.use("/api", jwtRequired(), thing);
  app.use("/opt", jwtRequired({ optional: true }), optional);
  app.all("/inline", async (req, res, next) => {
    try {
      const context = await verifyJwtInRequest(req);
      runs.inline++;
      res.json({ identity: context.identity });
    } catch (error) {
      next(error);
    }
  });
  app.use(jwtErrorHandler());
  return listen(app);
}

async function fastifyApp(jwt: Manager, runs: Runs) {
  const { jwtRequired, verifyJwtInRequest, jwtErrorHandler, getJwtIdentity } = fastifyJwt(jwt);
  const app = Fastify();
  app.setErrorHandler(jwtErrorHandler());
  app.all("/api/thing", { preHandler: jwtRequired() }, async (request) => {
    runs.thing++;
    return { identity: getJwtIdentity(request) };
  });
  app.all("/opt/thing", { preHandler: jwtRequired({ optional: true }) }, async (request) => {
    runs.optional++;
    return { identity: getJwtIdentity(request) };
  });
  app.all("/inline", async (request) => {
    const context = await verifyJwtInRequest(request);
    runs.inline++;
    return { identity: context.identity };
  });
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  return { url, close: () => app.close() };
}

async function honoApp(jwt: Manager, runs: Runs) {
  const { jwtRequired, verifyJwtInRequest, getJwtIdentity } = honoJwt(jwt);
  const app = new Hono();
  app.use("/api/*", jwtRequired());
  app.use("/opt/*", jwtRequired({ optional: true }));
  app.all("/api/thing", (c) => {
    runs.thing++;
    return c.json({ identity: getJwtIdentity(c) });
  });
  app.all("/opt/thing", (c) => {
    runs.optional++;
    return c.json({ identity: getJwtIdentity(c) });
  });
  app.all("/inline", async (c) => {
    const context = await verifyJwtInRequest(c);
    runs.inline++;
    return c.json({ identity: context.identity });
  });
  return serveFetch(app.fetch);
}

async function fetchApp(jwt: Manager, runs: Runs) {
  const { jwtRequired, verifyJwtInRequest, jwtErrorResponse } = fetchJwt(jwt);
  const thing = jwtRequired()(async (_request, context) => {
    runs.thing++;
    return Response.json({ identity: context.identity });
  });
  const optional = jwtRequired({ optional: true })(async (_request, context) => {
    runs.optional++;
    return Response.json({ identity: context.identity });
  });
  const inline = async (request: Request): Promise<Response> => {
    try {
      const context = await verifyJwtInRequest(request);
      runs.inline++;
      return Response.json({ identity: context.identity });
    } catch (error) {
      return jwtErrorResponse(error);
    }
  };
  return serveFetch((request) => {
    const { pathname } = new URL(request.url);
    if (pathname === "/api/thing") return thing(request);
    if (pathname === "/opt/thing") return optional(request);
    if (pathname === "/inline") return inline(request);
    return new Response(null, { status: 404 });
  });
}

async function koaApp(jwt: Manager, runs: Runs) {
  const { jwtRequired, verifyJwtInRequest, jwtErrorHandler, getJwtIdentity } = koaJwt(jwt);
  const guard = jwtRequired();
  const optional = jwtRequired({ optional: true });
  const app = new Koa().use(jwtErrorHandler());
  app.use((ctx, next) => (ctx.path.startsWith("/api/") ? guard(ctx, next) : next()));
  app.use((ctx, next) => (ctx.path.startsWith("/opt/") ? optional(ctx, next) : next()));
  app.use(async (ctx) => {
    if (ctx.path === "/inline") {
      const context = await verifyJwtInRequest(ctx);
      runs.inline++;
      ctx.body = { identity: context.identity };
    } else if (ctx.path === "/api/thing" || ctx.path === "/opt/thing") {
      runs[ctx.path === "/api/thing" ? "thing" : "optional"]++;
      ctx.body = { identity: getJwtIdentity(ctx) };
    }
  });
  return listen(app.callback());
}

async function h3App(jwt: Manager, runs: Runs) {
  const { jwtRequired, verifyJwtInRequest, jwtErrorHandler, getJwtIdentity } = h3Jwt(jwt);
  const app = new H3({ onError: jwtErrorHandler() });
  app.use("/api/**", jwtRequired());
  app.use("/opt/**", jwtRequired({ optional: true }));
  app.all("/api/thing", (event) => {
    runs.thing++;
    return { identity: getJwtIdentity(event) };
  });
  app.all("/opt/thing", (event) => {
    runs.optional++;
    return { identity: getJwtIdentity(event) };
  });
  app.all("/inline", async (event) => {
    const context = await verifyJwtInRequest(event);
    runs.inline++;
    return { identity: context.identity };
  });
  return listen(toNodeHandler(app));
}

const RUNS = "guarded-apps:runs";

/** The routes as a Nest controller, every method of each, as `@All`. */
@Controller()
class GuardedRoutes {
  constructor(
    @Inject(JwtExtendedService) private readonly jwt: JwtExtendedService<string>,
    @Inject(RUNS) private readonly runs: Runs,
  ) {}

  @All("api/thing")
  @JwtRequired()
  thing(@JwtIdentity() identity: string) {
    this.runs.thing++;
    return { identity };
  }

  @All("opt/thing")
  @JwtRequired({ optional: true })
  optional(@JwtIdentity() identity: string | null) {
    this.runs.optional++;
    return { identity };
  }

  @All("inline")
  async inline(@Req() req: NestRequest) {
    const context = await this.jwt.verifyJwtInRequest(req);
    this.runs.inline++;
    return { identity: context.identity };
  }
}

const nestApp = (platform: NestPlatform) => async (jwt: Manager, runs: Runs) => {
  @Module({
    imports: [JwtExtendedModule.forRoot(jwt)],
    controllers: [GuardedRoutes],
    providers: [{ provide: RUNS, useValue: runs }],
  })
  class AppModule {}
  const app = await createNest(AppModule, platform);
  await app.listen(0, "127.0.0.1");
  const url = (await app.getUrl()).replace("[::1]", "127.0.0.1");
  return { url, close: () => app.close() };
};

const BUILDERS = {
  express: expressApp,
  fastify: fastifyApp,
  hono: honoApp,
  fetch: fetchApp,
  koa: koaApp,
  h3: h3App,
  nest: nestApp("express"),
  "nest-fastify": nestApp("fastify"),
} as const;

/** Serves the application on `adapter`, bound to `jwt`. */
export async function serveGuardedApp(adapter: AdapterName, jwt: Manager): Promise<GuardedApp> {
  const runs: Runs = { thing: 0, optional: 0, inline: 0 };
  const server = await BUILDERS[adapter](jwt, runs);
  return { url: server.url, runs, close: server.close };
}
