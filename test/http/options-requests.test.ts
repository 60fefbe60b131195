import cors from "cors";
import express from "express";
import { H3, handleCors } from "h3";
import { Hono } from "hono";
import { cors as honoCors } from "hono/cors";
import { JwtManager } from "jwt-extended";
import { expressJwt } from "jwt-extended/express";
import { h3Jwt } from "jwt-extended/h3";
import { honoJwt } from "jwt-extended/hono";
import { beforeAll, describe, expect, it } from "vitest";
import { bearer } from "../helpers/bearer.ts";
import { ADAPTERS, type GuardedApp, serveGuardedApp } from "../helpers/guarded-apps.ts";
import { send } from "../helpers/http.ts";
import { serverPool } from "../helpers/servers.ts";

const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";
const jwt = new JwtManager({ secretKey });
const ORIGIN = "http://app.example";
const MISSING = { msg: "Missing Authorization Header" };

const servers = serverPool();

describe.each(ADAPTERS)("OPTIONS behind the guard on %s", (adapter) => {
  let app: GuardedApp;
  beforeAll(async () => {
    app = servers.track(await serveGuardedApp(adapter, jwt));
  });

  it("answers OPTIONS to a protected handler that takes every method with an empty 204, and never runs it", async () => {
    const before = app.runs.thing;
    const answer = await send({ method: "OPTIONS", url: `${app.url}/api/thing` });
    expect(answer.status).toBe(204);
    expect(answer.text).toBe("");
    expect(answer.headers["content-type"]).toBeUndefined();
    expect(app.runs.thing).toBe(before);
  });

  it("answers OPTIONS with a valid token with the same empty 204, without running the handler", async () => {
    const before = app.runs.thing;
    const answer = await send({
      method: "OPTIONS",
      url: `${app.url}/api/thing`,
      headers: bearer(await jwt.createAccessToken("alice")),
    });
    expect({ status: answer.status, text: answer.text }).toEqual({ status: 204, text: "" });
    expect(app.runs.thing).toBe(before);
  });

  it("answers OPTIONS to an optional route with an empty 204 too, without running it", async () => {
    const before = app.runs.optional;
    const answer = await send({ method: "OPTIONS", url: `${app.url}/opt/thing` });
    expect({ status: answer.status, text: answer.text }).toEqual({ status: 204, text: "" });
    expect(app.runs.optional).toBe(before);
  });

  it("still refuses GET without a token and runs the handler for GET with one", async () => {
    const refused = await send({ method: "GET", url: `${app.url}/api/thing` });
    expect({ status: refused.status, body: JSON.parse(refused.text) }).toEqual({
      status: 401,
      body: MISSING,
    });
    const before = app.runs.thing;
    const ok = await send({
      method: "GET",
      url: `${app.url}/api/thing`,
      headers: bearer(await jwt.createAccessToken("alice")),
    });
    expect({ status: ok.status, body: JSON.parse(ok.text) }).toEqual({
      status: 200,
      body: { identity: "alice" },
    });
    expect(app.runs.thing).toBe(before + 1);
  });

  it("verifies OPTIONS inside a handler like any method: 401 without a token, the identity with one", async () => {
    const before = app.runs.inline;
    const refused = await send({ method: "OPTIONS", url: `${app.url}/inline` });
    expect({ status: refused.status, body: JSON.parse(refused.text) }).toEqual({
      status: 401,
      body: MISSING,
    });
    expect(app.runs.inline).toBe(before);
    const ok = await send({
      method: "OPTIONS",
      url: `${app.url}/inline`,
      headers: bearer(await jwt.createAccessToken("alice")),
    });
    expect({ status: ok.status, body: JSON.parse(ok.text) }).toEqual({
      status: 200,
      body: { identity: "alice" },
    });
  });
});

/** A CORS preflight for a GET carrying an Authorization header. */
const preflight = (url: string) =>
  send({
    method: "OPTIONS",
    url,
    headers: {
      Origin: ORIGIN,
      "Access-Control-Request-Method": "GET",
      "Access-Control-Request-Headers": "authorization",
    },
  });

/**
 * The preflight for `${base}/api/thing` gets the CORS middleware's 204 without running the
 * handler; the real request with a token then runs it once and carries the CORS header.
 */
async function expectPreflightBeforeGuard(base: string, runs: () => number) {
  const answer = await preflight(`${base}/api/thing`);
  expect(answer.status).toBe(204);
  expect(answer.headers["access-control-allow-origin"]).toBe(ORIGIN);
  expect(answer.headers["access-control-allow-methods"]).toContain("GET");
  expect(answer.headers["access-control-allow-headers"]).toBe("authorization");
  expect(runs()).toBe(0);

  const actual = await send({
    method: "GET",
    url: `${base}/api/thing`,
    headers: { Origin: ORIGIN, ...bearer(await jwt.createAccessToken("alice")) },
  });
  expect(actual.status).toBe(200);
  expect(actual.headers["access-control-allow-origin"]).toBe(ORIGIN);
  expect(runs()).toBe(1);
}

describe("CORS preflights answered by CORS middleware before the guard", () => {
  it("get the cors package's answer on Express, and the handler never runs", async () => {
    const { jwtRequired, getJwtIdentity } = expressJwt(jwt);
    let runs = 0;
    const app = express();
    app.use(cors({ origin: ORIGIN }));
    const router = express.Router();
    router.all("/thing", (req, res) => {
      runs++;
      res.json({ identity: getJwtIdentity(req) });
    });
    app.use("/api", jwtRequired(), router);
    const base = await servers.node(app);

    await expectPreflightBeforeGuard(base, () => runs);
  });

  it("get hono/cors's answer on Hono, and the handler never runs", async () => {
    const { jwtRequired, getJwtIdentity } = honoJwt(jwt);
    let runs = 0;
    const app = new Hono();
    app.use("/api/*", honoCors({ origin: ORIGIN }));
    app.use("/api/*", jwtRequired());
    app.all("/api/thing", (c) => {
      runs++;
      return c.json({ identity: getJwtIdentity(c) });
    });
    const base = await servers.fetch(app.fetch);

    await expectPreflightBeforeGuard(base, () => runs);
  });

  it("get h3's handleCors answer on h3, and the handler never runs", async () => {
    const { jwtRequired, getJwtIdentity } = h3Jwt(jwt);
    let runs = 0;
    const app = new H3();
    app.use("/api/**", (event) => {
      const answer = handleCors(event, { origin: [ORIGIN], methods: ["GET"] });
      return answer === false ? undefined : answer;
    });
    app.use("/api/**", jwtRequired());
    app.all("/api/thing", (event) => {
      runs++;
      return { identity: getJwtIdentity(event) };
    });
    const base = await servers.fetch((request) => app.fetch(request));

    await expectPreflightBeforeGuard(base, () => runs);
  });
});
