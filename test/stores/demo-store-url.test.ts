import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer } from "../helpers/bearer.ts";
import { loginWithoutCookies } from "../helpers/demo-login.ts";
import { startDemo } from "../helpers/demo-server.ts";
import { type PostgresServer, startPostgresServer } from "../helpers/postgres-server.ts";
import { type RedisCluster, startRedisCluster } from "../helpers/redis-cluster.ts";

const dir = mkdtempSync(join(tmpdir(), "jwt-extended-demo-store-"));
let postgres: PostgresServer;
let cluster: RedisCluster;

beforeAll(async () => {
  [postgres, cluster] = await Promise.all([startPostgresServer(), startRedisCluster()]);
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await Promise.all([postgres?.close(), cluster?.close()]);
});

async function protectedStatus(url: string, token: string): Promise<[number, unknown]> {
  const res = await fetch(`${url}/protected`, { headers: bearer(token) });
  return [res.status, await res.json()];
}

/** Logs in on `url`, logs out (revoking both tokens), and returns the revoked access token. */
async function loginAndLogout(url: string): Promise<string> {
  const { access, refresh } = await loginWithoutCookies(url);
  expect((await protectedStatus(url, access))[0]).toBe(200);
  const logout = await fetch(`${url}/logout`, {
    method: "DELETE",
    headers: { ...bearer(access), "content-type": "application/json" },
    body: JSON.stringify({ refresh_token: refresh }),
  });
  expect(logout.status).toBe(200);
  return access;
}

const REVOKED = [401, { msg: "Token has been revoked" }];

describe("the demo's STORE_URL", () => {
  it("sqlite:FILE keeps a logout across a restart of the demo", async () => {
    const env = { STORE_URL: `sqlite:${join(dir, "demo.db")}` };
    const first = await startDemo({ env });
    const access = await loginAndLogout(first.url);
    await first.close();
    const second = await startDemo({ env });
    try {
      expect(await protectedStatus(second.url, access)).toEqual(REVOKED);
    } finally {
      await second.close();
    }
  });

  it("postgres://… shares a logout between instances and keeps it across restarts", async () => {
    const env = { STORE_URL: postgres.url };
    const [one, two] = await Promise.all([startDemo({ env }), startDemo({ env })]);
    const access = await loginAndLogout(one.url);
    expect(await protectedStatus(two.url, access)).toEqual(REVOKED);
    await Promise.all([one.close(), two.close()]);
    const again = await startDemo({ env });
    try {
      expect(await protectedStatus(again.url, access)).toEqual(REVOKED);
    } finally {
      await again.close();
    }
  });

  it("redis+cluster://… shares a logout between instances on a Redis Cluster", async () => {
    const env = { STORE_URL: cluster.url };
    const [one, two] = await Promise.all([startDemo({ env }), startDemo({ env })]);
    try {
      const access = await loginAndLogout(one.url);
      expect(await protectedStatus(two.url, access)).toEqual(REVOKED);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it("memory: keeps revocations in the process", async () => {
    const demo = await startDemo({ env: { STORE_URL: "memory:" } });
    try {
      expect(await protectedStatus(demo.url, await loginAndLogout(demo.url))).toEqual(REVOKED);
    } finally {
      await demo.close();
    }
  });

  it("refuses at start a URL it cannot use, naming the forms and never the URL", async () => {
    const bad = [
      "mysql://user:s3cret@db/app",
      "sqlite:",
      "postgres://user:s3cret@",
      "redis+cluster://user:s3cret@host-without-port",
      "s3cret",
    ];
    for (const url of bad) {
      const started = startDemo({ env: { STORE_URL: url } });
      await expect(started).rejects.toThrow(/^STORE_URL: /);
      await expect(started).rejects.not.toThrow(/s3cret/);
    }
  });
});
