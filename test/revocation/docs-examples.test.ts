import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { JwtManager } from "jwt-extended";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer } from "../helpers/bearer.ts";
import { loginWithCookies } from "../helpers/demo-login.ts";
import { type RedisServer, startRedisServer } from "../helpers/redis-server.ts";
import { cookieNamesSetBy } from "../helpers/set-cookie.ts";

const root = new URL("../../", import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), "utf8");
const secretKey = "a-secret-for-the-examples-of-thirty-two-bytes";
const REVOKED = { msg: "Token has been revoked" };

interface RunningExample {
  url: string;
  stop(): Promise<void>;
}

const running: ChildProcess[] = [];

/** Runs an example file as its documentation says (`tsx`), on a free port. */
function runExample(file: string, env: Record<string, string> = {}): Promise<RunningExample> {
  const child = spawn(new URL("node_modules/.bin/tsx", root).pathname, [file], {
    cwd: root.pathname,
    env: { ...process.env, PORT: "0", JWT_SECRET_KEY: secretKey, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[\d.:]+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1] as string,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${file} exited (${code}):\n${output}`)));
  });
}

afterAll(() => {
  for (const child of running) if (child.exitCode === null) child.kill("SIGTERM");
});

async function json(res: Response): Promise<Record<string, string>> {
  return (await res.json()) as Record<string, string>;
}

describe.each([
  ["docs/revocation.md", "examples/revocation.ts"],
  ["docs/refreshing-tokens.md", "examples/refreshing-tokens.ts"],
])("%s", (doc, example) => {
  it(`shows ${example} whole, as its runnable example`, () => {
    expect(read(doc)).toContain(`\`\`\`ts\n${read(example).trimEnd()}\n\`\`\``);
  });
});

describe("examples/revocation.ts, run as documented", () => {
  let redis: RedisServer;
  let one: RunningExample;
  let two: RunningExample;
  beforeAll(async () => {
    redis = await startRedisServer();
    [one, two] = await Promise.all([
      runExample("examples/revocation.ts", { REDIS_URL: redis.url }),
      runExample("examples/revocation.ts", { REDIS_URL: redis.url }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([one?.stop(), two?.stop()]);
    await redis?.close();
  });

  it("logs out in the header flow on one instance, and the other refuses the token", async () => {
    const tokens = await json(await fetch(`${one.url}/login`, { method: "POST" }));
    const access = tokens.access_token as string;
    expect((await fetch(`${two.url}/protected`, { headers: bearer(access) })).status).toBe(200);
    const logout = await fetch(`${one.url}/logout`, { method: "DELETE", headers: bearer(access) });
    expect(logout.status).toBe(200);
    const after = await fetch(`${two.url}/protected`, { headers: bearer(access) });
    expect(after.status).toBe(401);
    expect(await after.json()).toEqual(REVOKED);
  });

  it("logs out in the cookie flow", async () => {
    const jar = await loginWithCookies(one.url);
    const cookie = jar.header() as string;
    const logout = await fetch(`${two.url}/logout`, {
      method: "DELETE",
      headers: { cookie, "X-CSRF-TOKEN": jar.get("csrf_access_token") as string },
    });
    expect(logout.status).toBe(200);
    expect((await fetch(`${one.url}/protected`, { headers: { cookie } })).status).toBe(401);
  });

  it("revokes one token with revokeToken", async () => {
    const { access_token } = await json(await fetch(`${one.url}/login`, { method: "POST" }));
    const headers = bearer(access_token as string);
    const revoke = await fetch(`${one.url}/revoke_this_token`, { method: "POST", headers });
    expect(revoke.status).toBe(200);
    expect((await fetch(`${two.url}/protected`, { headers })).status).toBe(401);
  });
});

describe("examples/refreshing-tokens.ts, run as documented", () => {
  let example: RunningExample;
  beforeAll(async () => {
    example = await runExample("examples/refreshing-tokens.ts");
  }, 60_000);
  afterAll(() => example?.stop());

  const refresh = (headers: Record<string, string>) =>
    fetch(`${example.url}/refresh`, { method: "POST", headers });

  it("rotates refresh tokens; a reuse within 5 s is served, a later one revokes the login", async () => {
    const first = await json(await fetch(`${example.url}/login`, { method: "POST" }));
    const second = await json(await refresh(bearer(first.refresh_token as string)));
    expect(Object.keys(second).sort()).toEqual(["access_token", "refresh_token"]);
    const third = await refresh(bearer(second.refresh_token as string));
    expect(third.status).toBe(200);
    const newest = await json(third);
    expect((await refresh(bearer(first.refresh_token as string))).status).toBe(200);

    // Past the example's grace window of 5 seconds.
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    const replay = await refresh(bearer(first.refresh_token as string));
    expect(replay.status).toBe(401);
    expect(await replay.json()).toEqual(REVOKED);
    const protectedRes = await fetch(`${example.url}/protected`, {
      headers: bearer(newest.access_token as string),
    });
    expect(protectedRes.status).toBe(401);
  }, 30_000);

  it("replaces an access cookie that expires within ten minutes", async () => {
    // A cookie of the example's own kind, five minutes from expiry.
    const issuer = new JwtManager({ secretKey, tokenLocation: ["cookies"] });
    const nearExpiry = await issuer.createAccessToken("alice", { expiresDelta: 300 });
    const res = await fetch(`${example.url}/protected`, {
      headers: { cookie: `access_token_cookie=${nearExpiry}` },
    });
    expect(res.status).toBe(200);
    const names = cookieNamesSetBy(res.headers.getSetCookie());
    expect(names).toEqual(["access_token_cookie", "csrf_access_token"]);
  });
});
