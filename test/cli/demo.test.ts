/**
 * The built bin and the demo server agree: tokens the bin creates pass the demo's routes
 * over HTTP, tokens the demo issues pass the bin's verify, and with asymmetric keys the
 * bin's jwks prints the document the demo serves at /.well-known/jwks.json.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer } from "../helpers/bearer.ts";
import { type BuiltCli, buildCli, runCli } from "../helpers/cli.ts";
import { loginWithoutCookies } from "../helpers/demo-login.ts";
import { type RunningDemo, startDemo } from "../helpers/demo-server.ts";

/** The secret test/helpers/demo-server.ts starts the demo with. */
const DEMO_SECRET = "test-secret-that-is-long-enough-for-hs256!";

let cli: BuiltCli;
beforeAll(() => {
  cli = buildCli();
}, 600_000);
afterAll(() => cli?.remove());

describe("with the demo's HMAC secret", () => {
  let demo: RunningDemo;
  const env = { JWT_SECRET_KEY: DEMO_SECRET };
  beforeAll(async () => {
    demo = await startDemo();
  });
  afterAll(() => demo?.close());

  const create = async (...args: string[]) => {
    const result = await runCli(cli, ["create", "--identity", "example_user", ...args], { env });
    expect(result.status).toBe(0);
    return result.stdout.trim();
  };

  it("a token the bin creates opens /protected", async () => {
    const res = await fetch(`${demo.url}/protected`, { headers: bearer(await create()) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ foo: "bar" });
  });

  it("--fresh is what /fresh demands; without it, the contract's 401", async () => {
    const fresh = await fetch(`${demo.url}/fresh`, { headers: bearer(await create("--fresh")) });
    expect(fresh.status).toBe(200);
    const stale = await fetch(`${demo.url}/fresh`, { headers: bearer(await create()) });
    expect(stale.status).toBe(401);
    expect(await stale.json()).toEqual({ msg: "Fresh token required" });
  });

  it("an expired token from the bin gets the demo's 401, and the bin's verify says the same", async () => {
    const token = await create("--expires=-1m");
    const res = await fetch(`${demo.url}/protected`, { headers: bearer(token) });
    expect(res.status).toBe(401);
    const { msg } = (await res.json()) as { msg: string };
    const verified = await runCli(cli, ["verify", token], { env });
    expect(verified).toMatchObject({ status: 1, stderr: `${msg}\n` });
  });

  it("a token the demo issues passes the bin's verify", async () => {
    const { access, refresh } = await loginWithoutCookies(demo.url);
    const result = await runCli(cli, ["verify", access], { env });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      sub: "example_user",
      type: "access",
      fresh: true,
    });
    const refreshed = await runCli(cli, ["verify", "-"], { env, input: refresh });
    expect(JSON.parse(refreshed.stdout)).toMatchObject({ type: "refresh" });
  });
});

describe("with keygen's RS256 pair", () => {
  let demo: RunningDemo;
  let dir: string;
  let kid: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "jwt-extended-cli-demo-"));
    const generated = await runCli(cli, [
      "keygen",
      "--alg",
      "RS256",
      "--out",
      join(dir, "signing"),
    ]);
    kid = JSON.parse(generated.stdout).kid;
    demo = await startDemo({
      env: {
        JWT_ALGORITHM: "RS256",
        JWT_PRIVATE_KEY: readFileSync(join(dir, "signing.key"), "utf8"),
        JWT_PUBLIC_KEY: readFileSync(join(dir, "signing.pub"), "utf8"),
        JWT_ENCODE_KEY_ID: kid,
      },
    });
  }, 60_000);
  afterAll(async () => {
    await demo?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("jwks prints the document the demo serves", async () => {
    const served = await (await fetch(`${demo.url}/.well-known/jwks.json`)).json();
    const printed = await runCli(cli, ["jwks", "signing.pub"], { cwd: dir });
    expect(JSON.parse(printed.stdout)).toEqual(served);
  });

  it("the bin verifies the demo's tokens from its JWK Set, and signs tokens the demo accepts", async () => {
    const { access } = await loginWithoutCookies(demo.url);
    const env = { JWT_ALGORITHM: "RS256", JWT_JWKS_URL: `${demo.url}/.well-known/jwks.json` };
    const verified = await runCli(cli, ["verify", access], { env });
    expect(verified.status).toBe(0);
    const created = await runCli(
      cli,
      [
        "create",
        "--identity",
        "example_user",
        "--alg",
        "RS256",
        "--private-key",
        "signing.key",
        "--kid",
        kid,
      ],
      { cwd: dir },
    );
    const res = await fetch(`${demo.url}/protected`, { headers: bearer(created.stdout.trim()) });
    expect(res.status).toBe(200);
  });
});
