import { execFile } from "node:child_process";
import Fastify, { type FastifyInstance } from "fastify";
import { ConfigurationError, JwtManager } from "jwt-extended";
import { fastifyJwt } from "jwt-extended/fastify";
import { describe, expect, it } from "vitest";
import { bearer } from "../helpers/bearer.ts";
import { serverPool } from "../helpers/servers.ts";

const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";
const jwt = new JwtManager({ secretKey });
const MISSING = { msg: "Missing Authorization Header" };

const servers = serverPool();

const secretData = async () => ({ secret: "data" });

/** Asks `path` without a token, then with one: the first must be refused, the second served. */
async function expectProtected(base: string, path: string): Promise<void> {
  const refused = await fetch(`${base}${path}`);
  expect(refused.status).toBe(401);
  expect(await refused.json()).toEqual(MISSING);
  const served = await fetch(`${base}${path}`, {
    headers: bearer(await jwt.createAccessToken("alice")),
  });
  expect(served.status).toBe(200);
  expect(await served.json()).toEqual({ secret: "data" });
}

describe("config: { jwt } routes on Fastify, whatever the order of declaration", () => {
  it("protects routes declared right after a register(plugin) that was not awaited", async () => {
    const app = Fastify();
    app.register(fastifyJwt(jwt).plugin);
    app.get("/data", { config: { jwt: true } }, secretData);
    app.post("/data", { config: { jwt: {} } }, secretData);
    const base = await servers.fastify(app);
    await expectProtected(base, "/data");
    const post = await fetch(`${base}/data`, { method: "POST" });
    expect(post.status).toBe(401);
  });

  it("protects a route declared before the plugin was registered", async () => {
    const app = Fastify();
    app.get("/data", { config: { jwt: true } }, secretData);
    await app.register(fastifyJwt(jwt).plugin);
    await expectProtected(await servers.fastify(app), "/data");
  });

  it("still runs the check before the route's own preHandlers on such a route", async () => {
    const app = Fastify();
    const seen: unknown[] = [];
    app.get(
      "/data",
      {
        config: { jwt: true },
        preHandler: async (request) => void seen.push(request.jwt.identity),
      },
      secretData,
    );
    app.register(fastifyJwt(jwt).plugin);
    await expectProtected(await servers.fastify(app), "/data");
    expect(seen).toEqual(["alice"]);
  });

  it("protects a route declared in a child scope created after the plugin", async () => {
    const app = Fastify();
    app.register(fastifyJwt(jwt).plugin);
    app.register(async (scope) => {
      scope.get("/data", { config: { jwt: true } }, secretData);
    });
    await expectProtected(await servers.fastify(app), "/data");
  });
});

describe("config: { jwt } routes that no plugin can protect fail the startup", () => {
  const expectStartupFailure = async (app: FastifyInstance, names: RegExp) => {
    const failure = servers.fastify(app);
    await expect(failure).rejects.toBeInstanceOf(ConfigurationError);
    await expect(failure).rejects.toThrow(names);
    expect(app.server.listening).toBe(false);
  };

  it("names a route declared in a sibling scope of the plugin's", async () => {
    const app = Fastify();
    app.register(async (scope) => {
      scope.register(fastifyJwt(jwt).plugin);
      scope.get("/inside", { config: { jwt: true } }, secretData);
    });
    app.register(async (scope) => {
      scope.get("/sibling", { config: { jwt: true } }, secretData);
      scope.get("/public", secretData);
    });
    await expectStartupFailure(app, /^config\.jwt on GET \/sibling, HEAD \/sibling, which no/);
  });

  it("names a route of a child scope created before the plugin was registered", async () => {
    const app = Fastify();
    app.register(
      async (scope) => {
        scope.post("/early", { config: { jwt: { fresh: true } } }, secretData);
      },
      { prefix: "/api" },
    );
    app.register(fastifyJwt(jwt).plugin);
    await expectStartupFailure(app, /config\.jwt on POST \/api\/early,/);
  });

  it("names a route of an application where the plugin was never registered", async () => {
    const app = Fastify();
    app.get("/data", { config: { jwt: true } }, secretData);
    await expectStartupFailure(app, /config\.jwt on GET \/data, HEAD \/data,/);
  });

  it("lets an application start when its routes ask for no check", async () => {
    const app = Fastify();
    app.get("/open", { config: { jwt: false } }, secretData);
    const base = await servers.fastify(app);
    expect((await fetch(`${base}/open`)).status).toBe(200);
  });
});

describe("the plugin in an application created before jwt-extended/fastify was loaded", () => {
  it("refuses to start, since routes outside its scope could not be checked", async () => {
    // A fresh process: here the adapter is already loaded, and has seen every application.
    const script = `(async () => {
      const { default: Fastify } = await import("fastify");
      const app = Fastify();
      const { JwtManager } = await import("./src/index.ts");
      const { fastifyJwt } = await import("./src/adapters/fastify.ts");
      app.register(fastifyJwt(new JwtManager({ secretKey: "${secretKey}" })).plugin);
      app.ready().then(
        () => console.log("started"),
        (error) => console.log(error.name + ": " + error.message),
      );
    })();`;
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        "node_modules/.bin/tsx",
        ["--eval", script],
        { cwd: new URL("../../", import.meta.url).pathname },
        (error, stdout, stderr) => (error ? reject(new Error(stderr)) : resolve(stdout)),
      );
    });
    expect(output).toMatch(
      /^ConfigurationError: jwt-extended\/fastify was loaded after this Fastify instance was created/,
    );
  });
});
