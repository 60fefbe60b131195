import { randomUUID } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { JwtManager, type JwtPayload, MemoryTokenStore } from "jwt-extended";
import { describe, expect, it } from "vitest";

/** A clock the test moves by hand. */
function manualClock(start = Date.UTC(2030, 0, 1)) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe("the in-memory token store", () => {
  it("answers a value until its TTL passes, then forgets it", async () => {
    const clock = manualClock();
    const store = new MemoryTokenStore({ now: clock.now });
    await store.set("revoked:a", "1", 10_000);
    expect(await store.get("revoked:a")).toBe("1");
    clock.advance(9_000);
    expect(await store.hasAny(["revoked:a"])).toBe(true);
    clock.advance(1_000);
    expect(await store.get("revoked:a")).toBeNull();
    expect(store.size).toBe(0);
  });

  it("keeps an entry without TTL", async () => {
    const clock = manualClock();
    const store = new MemoryTokenStore({ now: clock.now });
    await store.set("revoked:forever", "1", null);
    clock.advance(10 * 365 * 24 * 3600 * 1000);
    expect(await store.get("revoked:forever")).toBe("1");
  });

  it("stores once with setIfAbsent, whatever the number of concurrent calls", async () => {
    const store = new MemoryTokenStore();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.setIfAbsent("used:x", String(i), 60_000)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.get("used:x")).toBe(String(results.indexOf(true)));
  });

  it("answers whether any of several keys is held", async () => {
    const store = new MemoryTokenStore();
    await store.set("revoked-family:f", "1", 60_000);
    expect(await store.hasAny(["revoked:j", "revoked-family:f"])).toBe(true);
    expect(await store.hasAny(["revoked:j", "revoked-family:g"])).toBe(false);
    expect(await store.hasAny([])).toBe(false);
  });

  it("keeps a replaced entry for its new TTL, not the old one", async () => {
    const clock = manualClock();
    const store = new MemoryTokenStore({ now: clock.now });
    await store.set("k", "old", 5_000);
    await store.set("k", "new", 60_000);
    clock.advance(10_000);
    expect(await store.get("k")).toBe("new");
    clock.advance(50_000);
    expect(await store.get("k")).toBeNull();
  });

  it("refuses a TTL that is not positive", async () => {
    const store = new MemoryTokenStore();
    await expect(store.set("k", "v", 0)).rejects.toThrow(/ttlMs/);
    await expect(store.set("k", "v", Number.NaN)).rejects.toThrow(/ttlMs/);
  });

  it("refuses new keys past maxEntries instead of evicting a revocation", async () => {
    const clock = manualClock();
    const store = new MemoryTokenStore({ now: clock.now, maxEntries: 2 });
    await store.set("a", "1", 1_000);
    await store.set("b", "1", 60_000);
    await expect(store.set("c", "1", 60_000)).rejects.toMatchObject({
      code: "STORE_UNAVAILABLE",
      cause: expect.objectContaining({ message: expect.stringMatching(/full/) }),
    });
    expect(await store.get("a")).toBe("1");
    clock.advance(1_000);
    await store.set("c", "1", 60_000);
    expect(await store.get("c")).toBe("1");
  });

  it("stays bounded under churn: at most one token lifetime of entries, none once they expire", async () => {
    const clock = manualClock();
    const store = new MemoryTokenStore({ now: clock.now });
    const ttl = 60_000;
    const perSecond = 1_000;
    let largest = 0;
    for (let second = 0; second < 1_000; second++) {
      for (let i = 0; i < perSecond; i++) {
        // TTLs vary, as tokens revoked at one moment expire at different ones.
        await store.set(`revoked:${second}:${i}`, "1", ttl - (i % 30) * 1_000);
      }
      largest = Math.max(largest, store.size);
      clock.advance(1_000);
    }
    // A million writes, and never more than one lifetime's worth held at once.
    expect(largest).toBeLessThanOrEqual((ttl / 1_000 + 1) * perSecond);
    expect(largest).toBeGreaterThan(30 * perSecond);
    clock.advance(ttl);
    expect(store.size).toBe(0);
  }, 120_000);
});

describe("a million revocations in the in-memory store", () => {
  it("costs a bounded number of bytes each, measured after garbage collection", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const store = new MemoryTokenStore();
    const jwt = new JwtManager({ secretKey: "a-secret-of-at-least-thirty-two-bytes!!", store });
    const exp = Math.floor(Date.now() / 1000) + 15 * 60;
    const count = 1_000_000;

    gc();
    const before = process.memoryUsage().heapUsed;
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      // A jti read from a token is a flat string; randomUUID() builds a rope, so copy it.
      const jti = Buffer.from(randomUUID(), "latin1").toString("latin1");
      const payload: JwtPayload = { jti, exp, type: "access", fresh: false, sub: "u" };
      await jwt.revokeToken(payload);
    }
    const seconds = (performance.now() - started) / 1000;
    gc();
    const bytes = process.memoryUsage().heapUsed - before;

    expect(store.size).toBe(count);
    const perEntry = bytes / count;
    console.info(
      `[memory store] ${count.toLocaleString("en")} revocations: ${(bytes / 2 ** 20).toFixed(0)} MiB of heap, ` +
        `${perEntry.toFixed(0)} bytes each; written in ${seconds.toFixed(1)} s`,
    );
    // Generous: a regression (keeping whole payloads, ropes for keys) would show as 400+.
    expect(perEntry).toBeLessThan(300);
  }, 300_000);
});

describe("a key written again and again", () => {
  it("keeps the store's memory to its live entries, whatever the number of writes", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const store = new MemoryTokenStore();
    const hour = 3_600_000;
    // The first write sizes the comparison: one live entry, nothing else.
    await store.set("revoked-family:f", "1", hour);
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 300_000; i++) {
      // The same value again (a replayed logout), and a new value each time.
      await store.set("revoked-family:f", "1", hour);
      await store.set("used:r", String(i), hour);
    }
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    expect(store.size).toBe(2);
    expect(await store.get("used:r")).toBe("299999");
    // 600,000 writes that each kept an entry would take 40+ MiB; bounded, they take none.
    expect(grown).toBeLessThan(4 * 2 ** 20);
  }, 120_000);
});
