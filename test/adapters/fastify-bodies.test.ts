import { Agent, request } from "node:http";
import express from "express";
import Fastify, { type FastifyInstance } from "fastify";
import { JwtManager, type RouteOptions } from "jwt-extended";
import { expressJwt } from "jwt-extended/express";
import { fastifyJwt } from "jwt-extended/fastify";
import { beforeAll, describe, expect, it } from "vitest";
import { readIncoming } from "../helpers/http.ts";
import { serverPool } from "../helpers/servers.ts";

const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";
// The default bodyLimit, 100 KiB.
const jwt = new JwtManager({
  secretKey,
  tokenLocation: ["headers", "json", "cookies"],
  csrfCheckForm: true,
});
const TOO_LARGE = { msg: "Request body too large: the limit is 102400 bytes" };
const MISMATCH = { msg: "CSRF double submit tokens do not match" };

const servers = serverPool();

async function serveFastify(route: RouteOptions): Promise<string> {
  const app: FastifyInstance = Fastify();
  await app.register(fastifyJwt(jwt, { formBodies: true }).plugin);
  app.post("/", { config: { jwt: route } }, async (request) => ({ body: request.body }));
  return servers.fastify(app);
}

/** A body without Content-Length: fetch sends a stream chunked. */
const chunked = (text: string): { body: ReadableStream<Uint8Array>; duplex: "half" } => ({
  body: new ReadableStream({
    start(controller) {
      const bytes = new TextEncoder().encode(text);
      for (let at = 0; at < bytes.length; at += 16 * 1024) {
        controller.enqueue(bytes.slice(at, at + 16 * 1024));
      }
      controller.close();
    },
  }),
  duplex: "half",
});

const padded = async (size: number) =>
  JSON.stringify({ access_token: await jwt.createAccessToken("alice"), pad: "x".repeat(size) });

describe("the manager's bodyLimit on Fastify", () => {
  let json: string;
  let form: string;
  beforeAll(async () => {
    json = await serveFastify({ locations: ["json"] });
    form = await serveFastify({ locations: ["cookies"] });
  });
  const jsonType = { "content-type": "application/json" };

  it("refuses with 413 a chunked JSON body over the limit that the json location would read", async () => {
    const body = await padded(200 * 1024);
    const response = await fetch(json, { method: "POST", headers: jsonType, ...chunked(body) });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual(TOO_LARGE);
  });

  it("refuses with 413 a JSON body whose Content-Length is over the limit", async () => {
    const response = await fetch(json, {
      method: "POST",
      headers: jsonType,
      body: await padded(200 * 1024),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual(TOO_LARGE);
  });

  it("reads a chunked JSON body under the limit", async () => {
    const body = await padded(50 * 1024);
    const response = await fetch(json, { method: "POST", headers: jsonType, ...chunked(body) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ body: JSON.parse(body) });
  });

  it("leaves a large body alone when the token comes from a location before the json one", async () => {
    const base = await serveFastify({ locations: ["headers", "json"] });
    const response = await fetch(base, {
      method: "POST",
      headers: { ...jsonType, authorization: `Bearer ${await jwt.createAccessToken("alice")}` },
      ...chunked(JSON.stringify({ pad: "x".repeat(200 * 1024) })),
    });
    expect(response.status).toBe(200);
  });

  it("refuses with 413 a form over the limit that the CSRF form check would read, chunked or not", async () => {
    const token = await jwt.createAccessToken("alice");
    const fields = new URLSearchParams({
      csrf_token: (await jwt.getCsrfToken(token)) ?? "",
      pad: "x".repeat(200 * 1024),
    });
    const headers = {
      "content-type": "application/x-www-form-urlencoded",
      cookie: `access_token_cookie=${token}`,
    };
    for (const body of [{ body: `${fields}` }, chunked(`${fields}`)]) {
      const response = await fetch(form, { method: "POST", headers, ...body });
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual(TOO_LARGE);
    }
  });
});

describe("chunked bodies that no parser reads, on Fastify", () => {
  it("leaves them to node:http, so that a kept-alive connection goes on", async () => {
    const app = Fastify();
    await app.register(fastifyJwt(jwt).plugin);
    app.post("/", async () => ({ ok: true }));
    const base = await servers.fastify(app);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    servers.track({ close: async () => agent.destroy() });
    // node:http sends a body chunked when it is written without Content-Length.
    const post = (contentType: string, size: number) =>
      new Promise<number>((resolve, reject) => {
        const outgoing = request(
          base,
          { method: "POST", agent, headers: { "content-type": contentType } },
          (res) => readIncoming(res).then((response) => resolve(response.status), reject),
        );
        outgoing.on("error", reject);
        outgoing.write("x".repeat(size));
        outgoing.end();
      });
    // An unknown content type: Fastify answers 415 without reading the 300 KiB.
    expect(await post("text/x-unknown", 300 * 1024)).toBe(415);
    expect(await post("text/x-unknown", 300 * 1024)).toBe(415);
    expect(await post("application/json", 2)).toBe(400);
  });
});

describe("a CSRF form field sent twice", () => {
  let token: string;
  let csrf: string;
  let fastifyBase: string;
  beforeAll(async () => {
    token = await jwt.createAccessToken("alice");
    csrf = (await jwt.getCsrfToken(token)) ?? "";
    fastifyBase = await serveFastify({ locations: ["cookies"] });
  });

  const post = (url: string, contentType: string, body: string) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": contentType, cookie: `access_token_cookie=${token}` },
      body,
    });
  const urlencoded = (first: string, second: string) =>
    post(
      fastifyBase,
      "application/x-www-form-urlencoded",
      `csrf_token=${encodeURIComponent(first)}&csrf_token=${encodeURIComponent(second)}`,
    );
  const multipart = (first: string, second: string) => {
    const part = (value: string) =>
      `--XyZ\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n${value}\r\n`;
    return post(
      fastifyBase,
      "multipart/form-data; boundary=XyZ",
      `${part(first)}${part(second)}--XyZ--\r\n`,
    );
  };

  it.each([
    ["urlencoded", urlencoded],
    ["multipart", multipart],
  ])("counts the first one on Fastify (%s)", async (_name, send) => {
    expect((await send(csrf, "wrong")).status).toBe(200);
    const refused = await send("wrong", csrf);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual(MISMATCH);
  });

  it("gives the handler both values of an urlencoded field, in order", async () => {
    const response = await urlencoded(csrf, "second");
    expect(await response.json()).toEqual({ body: { csrf_token: [csrf, "second"] } });
  });

  it("counts the first one on Express when express.urlencoded() parsed the form", async () => {
    const app = express();
    app.use(express.urlencoded({ extended: false }));
    app.post("/", expressJwt(jwt).jwtRequired({ locations: ["cookies"] }), (_req, res) => {
      res.json({ ok: true });
    });
    const url = await servers.node(app);
    const send = (first: string, second: string) =>
      post(url, "application/x-www-form-urlencoded", `csrf_token=${first}&csrf_token=${second}`);
    expect((await send(csrf, "wrong")).status).toBe(200);
    const refused = await send("wrong", csrf);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual(MISMATCH);
  });
});
