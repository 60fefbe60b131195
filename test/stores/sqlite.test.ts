import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { JwtManager, StoreUnavailableError } from "jwt-extended";
import { SqliteTokenStore } from "jwt-extended/sqlite";
import { afterAll, describe, expect, it } from "vitest";
import { protectedAnswer } from "../helpers/protected-request.ts";
import { storeConformance } from "./store-conformance.ts";

const dir = mkdtempSync(join(tmpdir(), "jwt-extended-sqlite-"));
const file = join(dir, "tokens.db");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each client its own connection to one file, as several processes sharing it would have.
storeConformance("SQLite", { open: async () => new SqliteTokenStore({ database: file }) });

/** Generous: it catches a hang, not a slow machine. Measured figures are printed. */
const BOUND_MS = 5_000;
const SECRET = "a-secret-of-at-least-thirty-two-bytes!!";

describe("the SQLite token store", () => {
  it("keeps a revocation across closing and opening the file again", async () => {
    const path = join(dir, "restart.db");
    const first = new SqliteTokenStore({ database: path });
    const jwt = new JwtManager({ secretKey: SECRET, store: first });
    const [revoked, kept] = [
      await jwt.createAccessToken("alice"),
      await jwt.createAccessToken("bob"),
    ];
    await jwt.revokeToken(revoked);
    await first.close();
    expect(first.database.open).toBe(false);

    const reopened = new SqliteTokenStore({ database: path });
    const restarted = new JwtManager({ secretKey: SECRET, store: reopened });
    expect(await protectedAnswer(restarted, revoked)).toMatchObject({
      status: 401,
      body: { msg: "Token has been revoked" },
    });
    expect(await protectedAnswer(restarted, kept)).toMatchObject({ status: 200 });
    await reopened.close();
  });

  it("answers 503 for a write while another connection holds the write lock, reads on, and recovers", async () => {
    const path = join(dir, "locked.db");
    const store = new SqliteTokenStore({ database: path });
    const jwt = new JwtManager({ secretKey: SECRET, store, storeTimeout: 1 });
    const token = await jwt.createAccessToken("alice");
    const locker = new Database(path);
    locker.exec("BEGIN EXCLUSIVE; INSERT INTO jwt_extended_tokens VALUES ('held', '1', NULL);");
    let refused: unknown;
    const started = performance.now();
    try {
      await jwt.revokeToken(token);
    } catch (error) {
      refused = error;
    }
    const ms = performance.now() - started;
    // In WAL mode a reader never waits for a writer: protected routes keep answering.
    const during = await protectedAnswer(jwt, token);
    locker.exec("COMMIT");
    locker.close();
    expect(refused).toBeInstanceOf(StoreUnavailableError);
    expect(ms).toBeLessThan(BOUND_MS);
    expect(during.status).toBe(200);
    console.info(
      `[fail closed] SQLite write-locked: 503 after ${ms.toFixed(0)} ms (busyTimeout 100 ms)`,
    );

    await jwt.revokeToken(token);
    expect(await protectedAnswer(jwt, token)).toMatchObject({ status: 401 });
    await store.close();
  });

  it("puts the database in WAL mode and creates its table in a database it is given", async () => {
    const db = new Database(join(dir, "given.db"));
    const store = new SqliteTokenStore({ database: db, table: "revocations" });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    await store.set("revoked:a", "1", 60_000);
    expect(db.prepare("SELECT value FROM revocations WHERE key = ?").get("revoked:a")).toEqual({
      value: "1",
    });
    await store.close();
    // The application's database stays open.
    expect(db.open).toBe(true);
    db.close();
  });

  it("sweeps expired rows, and only those", async () => {
    let now = Date.UTC(2030, 0, 1);
    const db = new Database(join(dir, "sweep.db"));
    const store = new SqliteTokenStore({ database: db, now: () => now });
    for (let i = 0; i < 2500; i++) await store.set(`revoked:${i}`, "1", 1_000);
    await store.set("revoked:live", "1", 60_000);
    await store.set("revoked:forever", "1", null);
    expect(store.sweep()).toBe(0);
    now += 1_000;
    expect(await store.get("revoked:0")).toBeNull();
    expect(store.sweep()).toBe(2500);
    const rows = db.prepare("SELECT key FROM jwt_extended_tokens ORDER BY key").all();
    expect(rows).toEqual([{ key: "revoked:forever" }, { key: "revoked:live" }]);
    await store.close();
    db.close();
  });

  it("refuses a table name that is not a plain identifier, and a database that is neither", () => {
    expect(() => new SqliteTokenStore({ database: ":memory:", table: "x; DROP TABLE y" })).toThrow(
      /table: expected/,
    );
    expect(() => new SqliteTokenStore({ database: {} as unknown as string })).toThrow(
      /database: expected/,
    );
  });
});
