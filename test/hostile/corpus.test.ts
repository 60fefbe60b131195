/**
 * The named hostile corpus (corpus.ts) over real HTTP against the demo, on every framework
 * it runs on: each entry gets the contract's answer, and every answer keeps the rules of
 * `violations`. An attacker's loopback server, named in `jku`/`x5u` headers, must get no
 * request at all.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_FRAMEWORKS } from "../../examples/jwt-locations/server.ts";
import { type RunningDemo, startDemo } from "../helpers/demo-server.ts";
import { HostileClient } from "./client.ts";
import { CORPUS, CORPUS_FORBIDDEN, type CorpusContext } from "./corpus.ts";
import { violations } from "./invariants.ts";

let attacker: Server;
let attackerUrl: string;
const attackerHits: string[] = [];
const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

beforeAll(async () => {
  attacker = createServer((req, res) => {
    attackerHits.push(`${req.method} ${req.url}`);
    res.end("{}");
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => attacker.close(() => resolve()));
});

describe.each(DEMO_FRAMEWORKS)("the demo on %s against the hostile corpus", (framework) => {
  let demo: RunningDemo;
  let ctx: CorpusContext;

  beforeAll(async () => {
    demo = await startDemo({ framework });
    const client = new HostileClient(demo.url);
    const tokens = await client.send({ method: "POST", path: "/login_without_cookies" });
    const withCookies = await client.send({ method: "POST", path: "/login_with_cookies" });
    const cookie = withCookies.setCookies
      .map((line) => line.split(";")[0] as string)
      .find((pair) => pair.startsWith("access_token_cookie=")) as string;
    ctx = {
      client,
      valid: { access: (JSON.parse(tokens.body) as { access_token: string }).access_token, cookie },
      attackerUrl,
    };
  });

  afterAll(async () => {
    ctx?.client.close();
    await demo?.close();
  });

  it.each(CORPUS.map((entry) => [entry.name, entry] as const))("%s", async (_name, entry) => {
    const reply = await entry.send(ctx);
    const problems = violations(reply, {
      forbidden: [...CORPUS_FORBIDDEN, ctx.valid.access],
      echoes: entry.echoes?.(ctx) ?? [],
    });
    expect(problems, `${reply.status} ${reply.body.slice(0, 300)}`).toEqual([]);
    if (entry.status !== undefined)
      expect(reply.status, reply.body.slice(0, 300)).toBe(entry.status);
    if (entry.msg !== undefined) {
      expect((JSON.parse(reply.body) as { msg: string }).msg).toMatch(entry.msg);
    }
  });

  it("still serves a valid token afterwards", async () => {
    const reply = await ctx.client.send({
      method: "GET",
      path: "/whoami",
      headers: [["Authorization", `Bearer ${ctx.valid.access}`]],
    });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ identity: "example_user" });
  });
});

describe("after the hostile corpus", () => {
  it("made no request to the servers named in jku, x5u or jwk headers", () => {
    expect(attackerHits).toEqual([]);
  });

  it("left Object.prototype unpolluted", () => {
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
  });
});
