import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_FRAMEWORKS } from "../../examples/jwt-locations/server.ts";
import { type RunningDemo, startDemo } from "../helpers/demo-server.ts";
import { type RedisServer, startRedisServer } from "../helpers/redis-server.ts";
import { call, describeSessionRoutes, ENV, login, REVOKED, sessionsOf } from "./demo-flows.ts";

for (const framework of DEMO_FRAMEWORKS) {
  describeSessionRoutes(`the ${framework} demo's sessions and log out everywhere`, (env) =>
    startDemo({ env, framework }),
  );
}

describe("log out everywhere across demo instances sharing Redis", () => {
  let redis: RedisServer;
  const demos: RunningDemo[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await Promise.all(demos.map((demo) => demo.close()));
    await redis?.close();
  });

  it("is refused by every instance, and sessions are shared", async () => {
    const env = { ...ENV, REDIS_URL: redis.url };
    const [one, two] = await Promise.all([
      startDemo({ env, framework: "express" }),
      startDemo({ env, framework: "hono" }),
    ]);
    demos.push(one, two);
    const first = await login(one, "Phone/1.0");
    const second = await login(two, "Laptop/2.0");
    expect((await sessionsOf(two, first.access)).map((s) => s.id).sort()).toEqual(
      [first.session, second.session].sort(),
    );
    expect((await call(one, "DELETE", `/sessions/${second.session}`, first.access)).status).toBe(
      200,
    );
    expect((await call(two, "GET", "/protected", second.access)).status).toBe(401);
    expect((await call(two, "DELETE", "/logout_everywhere", first.access)).status).toBe(200);
    expect(await call(one, "GET", "/protected", first.access)).toMatchObject({
      status: 401,
      body: REVOKED,
    });
    const after = await login(two, "Tablet/3.0");
    expect((await call(one, "GET", "/protected", after.access)).status).toBe(200);
  });
});
