import { JwtManager, StoreUnavailableError } from "jwt-extended";
import { PostgresTokenStore } from "jwt-extended/postgres";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PostgresServer, startPostgresServer } from "../helpers/postgres-server.ts";
import { protectedAnswer } from "../helpers/protected-request.ts";
import { storeConformance } from "./store-conformance.ts";

let server: PostgresServer;
const stores: PostgresTokenStore[] = [];
const SECRET = "a-secret-of-at-least-thirty-two-bytes!!";
/** Generous: it catches a hang, not a slow machine. Measured figures are printed. */
const BOUND_MS = 5_000;

beforeAll(async () => {
  server = await startPostgresServer();
});
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await server?.close();
});

/** A store with a pool of its own. */
const newStore = (options: { table?: string; sweepInterval?: number } = {}) => {
  const store = new PostgresTokenStore({ url: server.url, ...options });
  stores.push(store);
  return store;
};

/** SQL as the server's superuser, outside any store. */
async function sql(text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = new Client(server.url);
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

// Semantics, not speed: connections may take long to open on a busy machine.
storeConformance("PostgreSQL", {
  open: async () =>
    new PostgresTokenStore({ url: server.url, poolOptions: { connectionTimeoutMillis: 10_000 } }),
});

/** Polls a protected route until it answers `status`; fails past `limitMs`. */
async function until(jwt: JwtManager<string>, token: string, status: number, limitMs = 20_000) {
  const started = performance.now();
  for (;;) {
    if ((await protectedAnswer(jwt, token)).status === status) return performance.now() - started;
    if (performance.now() - started > limitMs) throw new Error(`not ${status} after ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("the PostgreSQL token store", () => {
  it("creates its tables if missing, even when several instances start at once", async () => {
    const racing = Array.from({ length: 4 }, () => newStore({ table: "racing_tokens" }));
    // Generous: on a busy machine one instance may wait for another's creation lock.
    expect(await Promise.all(racing.map((store) => store.ready(30_000)))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    const tables = await sql(
      "SELECT tablename FROM pg_tables WHERE tablename LIKE 'racing_tokens%' ORDER BY tablename",
    );
    expect(tables).toEqual([{ tablename: "racing_tokens" }, { tablename: "racing_tokens_maps" }]);
  });

  it("sweeps expired rows and map fields, and only those", async () => {
    const store = newStore({ table: "sweep_tokens" });
    await store.set("live", "1", 60_000);
    await store.set("forever", "1", null);
    await store.mapSet("sessions", "live", "1", 60_000);
    await sql(
      "INSERT INTO sweep_tokens SELECT 'old' || i, '1', now() - interval '1 second' FROM generate_series(1, 2500) i",
    );
    await sql(
      "INSERT INTO sweep_tokens_maps VALUES ('sessions', 'old', '1', now() - interval '1 s')",
    );
    expect(await store.sweep()).toBe(2501);
    expect(await sql("SELECT key FROM sweep_tokens ORDER BY key")).toEqual([
      { key: "forever" },
      { key: "live" },
    ]);
    expect(await store.mapEntries("sessions")).toEqual([["live", "1"]]);
  });

  it("keeps a revocation across a restart of the server", async () => {
    const store = newStore();
    const jwt = new JwtManager({ secretKey: SECRET, store });
    const [revoked, kept] = [
      await jwt.createAccessToken("alice"),
      await jwt.createAccessToken("bob"),
    ];
    await jwt.revokeToken(revoked);
    await server.stop();
    await server.start();
    // A fresh store and manager, as after a deploy; the old pool finds its way back too.
    const restarted = new JwtManager({ secretKey: SECRET, store: newStore() });
    expect(await protectedAnswer(restarted, revoked)).toMatchObject({
      status: 401,
      body: { msg: "Token has been revoked" },
    });
    expect(await protectedAnswer(restarted, kept)).toMatchObject({ status: 200 });
    await until(jwt, kept, 200);
    expect((await protectedAnswer(jwt, revoked)).status).toBe(401);
  }, 60_000);

  it("fails closed with 503 while the server is stopped, and recovers when it returns", async () => {
    const jwt = new JwtManager({ secretKey: SECRET, store: newStore(), storeTimeout: 1 });
    const token = await jwt.createAccessToken("alice");
    expect((await protectedAnswer(jwt, token)).status).toBe(200);
    await server.stop();
    const down = [];
    for (let i = 0; i < 5; i++) down.push(await protectedAnswer(jwt, token));
    await expect(jwt.revokeToken(token)).rejects.toBeInstanceOf(StoreUnavailableError);
    await server.start();
    const recovered = await until(jwt, token, 200);
    for (const answer of down) {
      expect(answer).toMatchObject({
        status: 503,
        body: { msg: "Token revocation store unavailable" },
      });
      expect(answer.ms).toBeLessThan(BOUND_MS);
    }
    console.info(
      `[fail closed] PostgreSQL stopped: 503 in ${down.map((a) => a.ms.toFixed(0)).join(" / ")} ms; ` +
        `restarted: 200 again after ${recovered.toFixed(0)} ms`,
    );
  }, 60_000);

  it("fails closed with 503 within the store timeout while the server hangs, and recovers", async () => {
    const jwt = new JwtManager({ secretKey: SECRET, store: newStore(), storeTimeout: 1 });
    const token = await jwt.createAccessToken("alice");
    expect((await protectedAnswer(jwt, token)).status).toBe(200);
    server.freeze();
    let hung: Awaited<ReturnType<typeof protectedAnswer>>[];
    try {
      // More requests than the pool has connections: none may wait for a free one for ever.
      hung = await Promise.all(Array.from({ length: 15 }, () => protectedAnswer(jwt, token)));
      hung.push(await protectedAnswer(jwt, token));
    } finally {
      server.thaw();
    }
    const recovered = await until(jwt, token, 200);
    for (const answer of hung) {
      expect(answer).toMatchObject({
        status: 503,
        body: { msg: "Token revocation store unavailable" },
      });
      expect(answer.ms).toBeLessThan(BOUND_MS);
    }
    console.info(
      `[fail closed] PostgreSQL frozen (SIGSTOP): 503 in ${Math.min(...hung.map((a) => a.ms)).toFixed(0)}–${Math.max(...hung.map((a) => a.ms)).toFixed(0)} ms; ` +
        `resumed: 200 again after ${recovered.toFixed(0)} ms`,
    );
  }, 60_000);

  it("refuses a table name that is not a plain identifier", () => {
    expect(() => new PostgresTokenStore({ url: server.url, table: "x; DROP TABLE y" })).toThrow(
      /table: expected/,
    );
  });
});
