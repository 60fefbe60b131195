import Fastify from "fastify";
import { JwtManager } from "jwt-extended";
import { fastifyJwt } from "jwt-extended/fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer } from "../helpers/bearer.ts";
import { serverPool } from "../helpers/servers.ts";
import { cookieNamesSetBy } from "../helpers/set-cookie.ts";

const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";
const jwt = new JwtManager({ secretKey, tokenLocation: ["headers", "json", "cookies"] });

const servers = serverPool();

describe("route protection on Fastify", () => {
  it("protects routes declared with config: { jwt } and with a preHandler hook", async () => {
    const app = Fastify();
    const { plugin, jwtRequired, getJwtIdentity } = fastifyJwt(jwt);
    await app.register(plugin);
    app.get("/config", { config: { jwt: true } }, async (request) => ({
      id: request.jwt.identity,
    }));
    app.get("/hook", { preHandler: jwtRequired() }, async (request) => ({
      id: getJwtIdentity(request),
    }));
    const base = await servers.fastify(app);
    for (const path of ["/config", "/hook"]) {
      expect((await fetch(`${base}${path}`)).status).toBe(401);
      const ok = await fetch(`${base}${path}`, {
        headers: bearer(await jwt.createAccessToken("alice")),
      });
      expect(await ok.json()).toEqual({ id: "alice" });
    }
  });

  it("runs the check before the route's own preHandlers", async () => {
    const app = Fastify();
    const { plugin } = fastifyJwt(jwt);
    await app.register(plugin);
    app.get(
      "/",
      {
        config: { jwt: true },
        preHandler: async (request) => {
          // Throws if the request were not verified yet.
          expect(request.jwt.identity).toBe("alice");
        },
      },
      async () => ({ ok: true }),
    );
    const base = await servers.fastify(app);
    expect(
      (await fetch(base, { headers: bearer(await jwt.createAccessToken("alice")) })).status,
    ).toBe(200);
    expect((await fetch(base)).status).toBe(401);
  });

  it("answers a failure with the loader's response through the reply, not Fastify's error shape", async () => {
    const custom = new JwtManager({ secretKey });
    custom.unauthorizedLoader((message) => ({
      status: 499,
      body: { error: message },
      headers: { "WWW-Authenticate": "Bearer" },
    }));
    const app = Fastify();
    await app.register(fastifyJwt(custom).plugin);
    app.get("/", { config: { jwt: true } }, async () => ({ ok: true }));
    const response = await fetch(await servers.fastify(app));
    expect(response.status).toBe(499);
    expect(response.headers.get("www-authenticate")).toBe("Bearer");
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ error: "Missing Authorization Header" });
  });

  it("reads no body in an onRequest hook, so only the other locations can hold the token there", async () => {
    const app = Fastify();
    const { plugin, jwtRequired } = fastifyJwt(jwt);
    await app.register(plugin);
    const json = jwtRequired({ locations: ["json"] });
    app.post("/early", { onRequest: json }, async () => ({ ok: true }));
    app.post("/late", { preHandler: json }, async () => ({ ok: true }));
    const base = await servers.fastify(app);
    const body = JSON.stringify({ access_token: await jwt.createAccessToken("alice") });
    const init = { method: "POST", headers: { "content-type": "application/json" }, body };
    expect((await fetch(`${base}/early`, init)).status).toBe(401);
    expect((await fetch(`${base}/late`, init)).status).toBe(200);
  });
});

describe("bodies on Fastify", () => {
  it("leaves the parsed JSON body to the handler after the json location read it", async () => {
    const app = Fastify();
    await app.register(fastifyJwt(jwt).plugin);
    app.post("/", { config: { jwt: { locations: ["json"] } } }, async (request) => request.body);
    const sent = { access_token: await jwt.createAccessToken("alice"), note: "kept" };
    const response = await fetch(await servers.fastify(app), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(sent),
    });
    expect(await response.json()).toEqual(sent);
  });

  it("adds form parsers only when asked, then reads the CSRF field and leaves the fields to the handler", async () => {
    const csrfForm = new JwtManager({ secretKey, tokenLocation: "cookies", csrfCheckForm: true });
    const token = await csrfForm.createAccessToken("alice");
    const post = (base: string, contentType: string, body: string) =>
      fetch(base, {
        method: "POST",
        headers: { "content-type": contentType, cookie: `access_token_cookie=${token}` },
        body,
      });
    const form = new URLSearchParams({
      csrf_token: (await csrfForm.getCsrfToken(token)) ?? "",
      a: "1",
    });

    const plain = Fastify();
    await plain.register(fastifyJwt(csrfForm).plugin);
    plain.post("/", { config: { jwt: true } }, async (request) => request.body);
    const without = await post(
      await servers.fastify(plain),
      "application/x-www-form-urlencoded",
      `${form}`,
    );
    expect(without.status).toBe(415);

    const withForms = Fastify();
    await withForms.register(fastifyJwt(csrfForm, { formBodies: true }).plugin);
    withForms.post("/", { config: { jwt: true } }, async (request) => request.body);
    const base = await servers.fastify(withForms);
    const urlencoded = await post(base, "application/x-www-form-urlencoded", `${form}`);
    expect(await urlencoded.json()).toEqual(Object.fromEntries(form));
    const boundary = "XyZ";
    const multipart = [
      `--${boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n${form.get("csrf_token")}\r\n`,
      `--${boundary}--\r\n`,
    ].join("");
    const response = await post(base, `multipart/form-data; boundary=${boundary}`, multipart);
    expect(response.status).toBe(200);
  });
});

describe("errors thrown in Fastify handlers", () => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  beforeAll(() => {
    process.on("warning", onWarning);
  });
  afterAll(() => {
    process.off("warning", onWarning);
  });

  it("answers verifyJwtInRequest's failures through the loaders, and leaves other errors to the app's handler", async () => {
    const app = Fastify();
    const { plugin, verifyJwtInRequest } = fastifyJwt(jwt);
    await app.register(plugin);
    // The application's own handler in the same scope: no override warning, and it still
    // receives every error that is not the client's.
    app.setErrorHandler(async (_error, _request, reply) => reply.code(418).send({ app: true }));
    app.get("/inline", async (request) => {
      const { identity } = await verifyJwtInRequest(request, { fresh: true });
      return { identity };
    });
    app.get("/boom", async () => {
      throw new Error("boom");
    });
    const base = await servers.fastify(app);
    const refused = await fetch(`${base}/inline`, {
      headers: bearer(await jwt.createAccessToken("alice")),
    });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ msg: "Fresh token required" });
    const fresh = await jwt.createAccessToken("alice", { fresh: true });
    const accepted = await fetch(`${base}/inline`, {
      headers: bearer(fresh),
    });
    expect(await accepted.json()).toEqual({ identity: "alice" });
    const boom = await fetch(`${base}/boom`);
    expect(boom.status).toBe(418);
    expect(warnings.filter((warning) => warning.name === "FastifyWarning")).toEqual([]);
  });

  it("throws when request.jwt is read on a route that no check verified", async () => {
    const app = Fastify();
    await app.register(fastifyJwt(jwt).plugin);
    app.get("/", async (request) => ({ identity: request.jwt.identity }));
    const response = await fetch(await servers.fastify(app));
    expect(response.status).toBe(500);
  });
});

describe("the plugin's encapsulation", () => {
  it("decorates and protects only the scope it is registered in, each scope with its manager", async () => {
    const other = new JwtManager({ secretKey: "another-secret-of-at-least-thirty-two!!" });
    const app = Fastify();
    await app.register(async (scope) => {
      await scope.register(fastifyJwt(jwt).plugin);
      scope.get("/a", { config: { jwt: true } }, async (request) => ({ id: request.jwt.identity }));
    });
    await app.register(async (scope) => {
      await scope.register(fastifyJwt(other).plugin);
      scope.get("/b", { config: { jwt: true } }, async (request) => ({ id: request.jwt.identity }));
    });
    await app.register(async (scope) => {
      scope.get("/c", async (request) => ({ decorated: "jwt" in request }));
    });
    const base = await servers.fastify(app);
    const headers = bearer(await jwt.createAccessToken("alice"));
    expect((await fetch(`${base}/a`, { headers })).status).toBe(200);
    expect((await fetch(`${base}/b`, { headers })).status).toBe(422);
    const otherHeaders = { authorization: `Bearer ${await other.createAccessToken("bob")}` };
    expect(await (await fetch(`${base}/b`, { headers: otherHeaders })).json()).toEqual({
      id: "bob",
    });
    expect(await (await fetch(`${base}/c`)).json()).toEqual({ decorated: false });
    expect(app.hasRequestDecorator("jwt")).toBe(false);
  });
});

describe("cookies on Fastify", () => {
  it("sets and unsets the JWT cookies with chaining reply methods", async () => {
    const app = Fastify();
    await app.register(fastifyJwt(jwt).plugin);
    app.post("/login", async (_request, reply) => {
      const access = await jwt.createAccessToken("alice");
      const refresh = await jwt.createRefreshToken("alice");
      return reply.setAccessCookies(access).setRefreshCookies(refresh).send({ ok: true });
    });
    app.post("/logout", async (_request, reply) => reply.unsetJwtCookies().send({ ok: true }));
    const base = await servers.fastify(app);
    const login = await fetch(`${base}/login`, { method: "POST" });
    expect(cookieNamesSetBy(login.headers.getSetCookie())).toEqual([
      "access_token_cookie",
      "csrf_access_token",
      "refresh_token_cookie",
      "csrf_refresh_token",
    ]);
    const logout = await fetch(`${base}/logout`, { method: "POST" });
    expect(logout.headers.getSetCookie()).toEqual(jwt.unsetJwtCookies());
  });
});

describe("protect on Fastify: a handler behind a required guard, given the verified context", () => {
  it("runs the handler with the identity of a valid token, and answers a refusal as the guard does", async () => {
    const app = Fastify();
    const { plugin, protect } = fastifyJwt(jwt);
    await app.register(plugin);
    app.get(
      "/me",
      protect(async (_request, _reply, context) => ({ identity: context.identity })),
    );
    const url = await servers.fastify(app);
    const ok = await fetch(`${url}/me`, { headers: bearer(await jwt.createAccessToken("alice")) });
    expect([ok.status, await ok.json()]).toEqual([200, { identity: "alice" }]);
    const refused = await fetch(`${url}/me`);
    expect(refused.status).toBe(401);
  });
});
