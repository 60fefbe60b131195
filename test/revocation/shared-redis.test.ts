import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_FRAMEWORKS } from "../../examples/jwt-locations/server.ts";
import { bearer } from "../helpers/bearer.ts";
import { loginWithoutCookies } from "../helpers/demo-login.ts";
import { type RunningDemo, startDemo } from "../helpers/demo-server.ts";
import { type RedisServer, startRedisServer } from "../helpers/redis-server.ts";

const STORE_DOWN = { msg: "Token revocation store unavailable" };
/** Generous on purpose: a loaded machine must not make this flaky. Measured figures are printed. */
const BOUND_MS = 5_000;

let redis: RedisServer;
/** Two Express instances, as two processes behind a load balancer would be. */
let one: RunningDemo;
let two: RunningDemo;
/** And one instance of each other framework, sharing the same Redis. */
let others: RunningDemo[];
let all: RunningDemo[];

beforeAll(async () => {
  redis = await startRedisServer();
  const env = { REDIS_URL: redis.url };
  [one, two, ...others] = await Promise.all([
    startDemo({ env }),
    startDemo({ env }),
    ...DEMO_FRAMEWORKS.filter((name) => name !== "express").map((framework) =>
      startDemo({ env, framework }),
    ),
  ]);
  all = [one, two, ...others];
});

afterAll(async () => {
  await Promise.all(all.map((demo) => demo.close()));
  await redis?.close();
});

async function timed(demo: RunningDemo, token: string) {
  const started = performance.now();
  const res = await fetch(`${demo.url}/protected`, { headers: bearer(token) });
  const body = await res.json();
  return { status: res.status, body, ms: performance.now() - started, res };
}

/** Polls GET /protected until it answers 200; returns the milliseconds it took. */
async function untilRecovered(demo: RunningDemo, token: string, limitMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const { status } = await timed(demo, token);
    if (status === 200) return performance.now() - started;
    if (performance.now() - started > limitMs)
      throw new Error(`still ${status} after ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("demo instances sharing one Redis (two on Express, one on each other framework)", () => {
  it("refuse everywhere a token revoked through one of them", async () => {
    const { access, refresh } = await loginWithoutCookies(one.url);
    expect((await timed(two, access)).status).toBe(200);

    const logout = await fetch(`${one.url}/logout`, {
      method: "DELETE",
      headers: { ...bearer(access), "content-type": "application/json" },
      body: JSON.stringify({ refresh_token: refresh }),
    });
    expect(logout.status).toBe(200);

    for (const demo of [two, ...others]) {
      expect(await timed(demo, access)).toMatchObject({
        status: 401,
        body: { msg: "Token has been revoked" },
      });
    }
    const refreshed = await fetch(`${two.url}/refresh`, {
      method: "POST",
      headers: bearer(refresh),
    });
    expect(refreshed.status).toBe(401);
    expect(await refreshed.json()).toEqual({ msg: "Token has been revoked" });
  });

  it("fail closed with 503 in bounded time while Redis is stopped, and recover when it returns", async () => {
    const { access } = await loginWithoutCookies(one.url);
    expect((await timed(one, access)).status).toBe(200);

    await redis.stop();
    // Down for three seconds, long enough for the clients' reconnection delays to grow.
    const failures: Awaited<ReturnType<typeof timed>>[] = [];
    const downSince = performance.now();
    while (performance.now() - downSince < 3_000) {
      failures.push(...(await Promise.all(all.map((demo) => timed(demo, access)))));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (const failure of failures) {
      expect(failure.status).toBe(503);
      expect(failure.body).toEqual(STORE_DOWN);
      expect(failure.res.headers.get("retry-after")).toBe("1");
      expect(failure.ms).toBeLessThan(BOUND_MS);
    }
    // Routes that need no store keep working.
    expect((await fetch(`${one.url}/login_without_cookies`, { method: "POST" })).status).toBe(200);

    const restarting = performance.now();
    await redis.start();
    const redisUp = performance.now() - restarting;
    const recovery = await Promise.all(all.map((demo) => untilRecovered(demo, access, 20_000)));
    const slowest = Math.max(...failures.map((f) => f.ms));
    console.info(
      `[fail closed] Redis stopped: ${failures.length} requests to ${all.length} instances answered 503, the slowest in ${slowest.toFixed(0)} ms; ` +
        `restarted (accepting connections after ${redisUp.toFixed(0)} ms): 200 again ` +
        `${recovery.map((ms) => ms.toFixed(0)).join(" / ")} ms later, with no restart of the app`,
    );
  }, 60_000);

  it("fail closed with 503 within the store timeout while Redis hangs, and recover when it resumes", async () => {
    const { access } = await loginWithoutCookies(two.url);
    expect((await timed(two, access)).status).toBe(200);

    redis.freeze();
    let failures: Awaited<ReturnType<typeof timed>>[];
    try {
      failures = await Promise.all(all.map((demo) => timed(demo, access)));
    } finally {
      redis.thaw();
    }
    for (const failure of failures) {
      expect(failure.status).toBe(503);
      expect(failure.body).toEqual(STORE_DOWN);
      expect(failure.ms).toBeLessThan(BOUND_MS);
    }
    const recovery = await Promise.all(all.map((demo) => untilRecovered(demo, access, 20_000)));
    console.info(
      `[fail closed] Redis frozen (SIGSTOP): 503 in ${failures.map((f) => f.ms.toFixed(0)).join(" / ")} ms; ` +
        `resumed: 200 again after ${recovery.map((ms) => ms.toFixed(0)).join(" / ")} ms`,
    );
  }, 60_000);
});
