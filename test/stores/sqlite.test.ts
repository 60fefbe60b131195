import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { JwtManager } from "jwt-extended";
import { SqliteTokenStore } from "jwt-extended/sqlite";
import { afterAll, describe, expect, it } from "vitest";
import { storeConformance } from "./store-conformance.ts";

const dir = mkdtempSync(join(tmpdir(), "jwt-extended-sqlite-"));
const file = join(dir, "tokens.db");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each client its own connection to one file, as several processes sharing it would have.
storeConformance("SQLite", { open: async () => new SqliteTokenStore({ database: file }) });

const SECRET = "a-secret-of-at-least-thirty-two-bytes!!";

describe("the SQLite token store", () => {
  it("keeps a revocation across closing and opening the file again", async () => {
    const path = join(dir, "restart.db");
    const first = new SqliteTokenStore({ database: path });
    const jwt = new JwtManager({ secretKey: SECRET, store: first });
    const token = await jwt.createAccessToken("alice");
    const other = await jwt.createAccessToken("bob");
    await jwt.revokeToken(token);
    await first.close();
    expect(first.database.open).toBe(false);

    const reopened = new SqliteTokenStore({ database: path });
    const jtiOf = async (t: string) => (await jwt.decodeToken(t)).jti as string;
    expect(await reopened.hasAny([`revoked:${await jtiOf(token)}`])).toBe(true);
    expect(await reopened.hasAny([`revoked:${await jtiOf(other)}`])).toBe(false);
    await reopened.close();
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
