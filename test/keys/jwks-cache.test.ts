/**
 * The JWK Set cache on its own, with a clock the test moves and a set it answers by hand:
 * when a set is used, fetched again, shared, refused, and kept past its TTL.
 */
import { describe, expect, it } from "vitest";
import { JwksCache } from "../../src/token/jwks-cache.ts";

/** A set source answering each fetch with the next queued outcome, counting fetches. */
class Source {
  fetches = 0;
  next: string | Error = "set-1";
  #pending: Array<(outcome: string | Error) => void> = [];
  held = false;

  load = (): Promise<string> => {
    this.fetches++;
    if (this.held) {
      return new Promise((resolve, reject) => {
        this.#pending.push((outcome) =>
          outcome instanceof Error ? reject(outcome) : resolve(outcome),
        );
      });
    }
    return this.next instanceof Error ? Promise.reject(this.next) : Promise.resolve(this.next);
  };

  /** Answers the fetches held so far, and any later one, with `outcome`. */
  release(outcome: string | Error): void {
    this.held = false;
    this.next = outcome;
    for (const answer of this.#pending.splice(0)) answer(outcome);
  }
}

const SECOND = 1000;

function setup(options: { ttl?: number; refetchInterval?: number; staleIfError?: number } = {}) {
  const clock = { now: 0 };
  const source = new Source();
  const cache = new JwksCache<string>({
    load: source.load,
    ttl: (options.ttl ?? 600) * SECOND,
    refetchInterval: (options.refetchInterval ?? 30) * SECOND,
    staleIfError: (options.staleIfError ?? 0) * SECOND,
    now: () => clock.now,
  });
  const advance = (seconds: number) => {
    clock.now += seconds * SECOND;
  };
  return { cache, source, advance };
}

describe("JwksCache", () => {
  it("fetches the set on first use and uses it, unfetched, until the TTL", async () => {
    const { cache, source, advance } = setup({ ttl: 10 });
    await expect(cache.current()).resolves.toBe("set-1");
    source.next = "set-2";
    advance(9.999);
    await expect(cache.current()).resolves.toBe("set-1");
    expect(source.fetches).toBe(1);
    advance(0.001);
    await expect(cache.current()).resolves.toBe("set-2");
    expect(source.fetches).toBe(2);
  });

  it("shares one fetch among concurrent callers of an empty cache", async () => {
    const { cache, source } = setup();
    source.held = true;
    const callers = Array.from({ length: 20 }, () => cache.current());
    source.release("set-1");
    expect(await Promise.all(callers)).toEqual(Array(20).fill("set-1"));
    expect(source.fetches).toBe(1);
  });

  it("shares one fetch among concurrent callers of an expired cache", async () => {
    const { cache, source, advance } = setup({ ttl: 10 });
    await cache.current();
    advance(10);
    source.held = true;
    const callers = Array.from({ length: 20 }, () => cache.current());
    source.release("set-2");
    expect(await Promise.all(callers)).toEqual(Array(20).fill("set-2"));
    expect(source.fetches).toBe(2);
  });

  it("gives nothing when the first fetch fails (fail closed)", async () => {
    const { cache, source } = setup();
    source.next = new Error("503");
    await expect(cache.current()).resolves.toBeUndefined();
  });

  it("gives nothing past the TTL when the fetch fails, without a stale-if-error window", async () => {
    const { cache, source, advance } = setup({ ttl: 10 });
    await cache.current();
    source.next = new Error("503");
    advance(10);
    await expect(cache.current()).resolves.toBeUndefined();
  });

  it("keeps the old set within the stale-if-error window while fetches fail, and not after", async () => {
    const { cache, source, advance } = setup({ ttl: 10, refetchInterval: 1, staleIfError: 5 });
    await cache.current();
    source.next = new Error("503");
    advance(10);
    await expect(cache.current()).resolves.toBe("set-1");
    advance(4.999);
    await expect(cache.current()).resolves.toBe("set-1");
    advance(0.001);
    await expect(cache.current()).resolves.toBeUndefined();
  });

  it("never extends the stale-if-error window by failed fetches, however many", async () => {
    const { cache, source, advance } = setup({ ttl: 10, refetchInterval: 1, staleIfError: 5 });
    await cache.current();
    source.next = new Error("503");
    advance(10);
    for (let i = 0; i < 5; i++) {
      await expect(cache.current()).resolves.toBe("set-1");
      advance(1);
    }
    await expect(cache.current()).resolves.toBeUndefined();
    expect(source.fetches).toBe(7);
  });

  it("uses a set fetched after failures, with a new TTL", async () => {
    const { cache, source, advance } = setup({ ttl: 10, refetchInterval: 1 });
    await cache.current();
    source.next = new Error("503");
    advance(10);
    await expect(cache.current()).resolves.toBeUndefined();
    source.next = "set-2";
    advance(1);
    await expect(cache.current()).resolves.toBe("set-2");
    advance(9.999);
    await expect(cache.current()).resolves.toBe("set-2");
  });

  it("asks an endpoint that is down once per refetch interval, not once per request", async () => {
    const { cache, source, advance } = setup({ ttl: 10, refetchInterval: 30 });
    source.next = new Error("503");
    for (let i = 0; i < 50; i++) await cache.current();
    expect(source.fetches).toBe(1);
    advance(29.999);
    for (let i = 0; i < 50; i++) await cache.current();
    expect(source.fetches).toBe(1);
    advance(0.001);
    await cache.current();
    expect(source.fetches).toBe(2);
  });

  it("fetches an expired set at once after a successful fetch, even within the refetch interval", async () => {
    const { cache, source, advance } = setup({ ttl: 1, refetchInterval: 30 });
    await cache.current();
    source.next = "set-2";
    advance(1);
    await expect(cache.current()).resolves.toBe("set-2");
    expect(source.fetches).toBe(2);
  });

  it("refetches for a missing key at most once per refetch interval", async () => {
    const { cache, source, advance } = setup({ refetchInterval: 30 });
    await cache.current();
    source.next = "set-2";
    for (let i = 0; i < 50; i++) await expect(cache.refetch()).resolves.toBe("set-1");
    expect(source.fetches).toBe(1);
    advance(30);
    await expect(cache.refetch()).resolves.toBe("set-2");
    for (let i = 0; i < 50; i++) await expect(cache.refetch()).resolves.toBe("set-2");
    expect(source.fetches).toBe(2);
  });

  it("replaces the set by the one refetched, so a key it lacks is gone", async () => {
    const { cache, source, advance } = setup({ refetchInterval: 30 });
    await cache.current();
    source.next = "set-without-the-key";
    advance(30);
    await cache.refetch();
    await expect(cache.current()).resolves.toBe("set-without-the-key");
  });

  it("keeps a fresh set when a refetch fails, and counts the failure against the interval", async () => {
    const { cache, source, advance } = setup({ refetchInterval: 30 });
    await cache.current();
    source.next = new Error("503");
    advance(30);
    await expect(cache.refetch()).resolves.toBe("set-1");
    await expect(cache.refetch()).resolves.toBe("set-1");
    await expect(cache.current()).resolves.toBe("set-1");
    expect(source.fetches).toBe(2);
  });

  it("shares a refetch under way with concurrent callers", async () => {
    const { cache, source, advance } = setup({ refetchInterval: 30 });
    await cache.current();
    advance(30);
    source.held = true;
    const callers = Array.from({ length: 20 }, (_, i) =>
      i % 2 ? cache.refetch() : cache.current(),
    );
    source.release("set-2");
    const sets = await Promise.all(callers);
    expect(sets.filter((set) => set === "set-2")).toHaveLength(10);
    expect(source.fetches).toBe(2);
  });

  it("counts a load that throws at once as a failed fetch", async () => {
    const clock = { now: 0 };
    let fetches = 0;
    const cache = new JwksCache<string>({
      load: () => {
        fetches++;
        throw new Error("no network");
      },
      ttl: 10_000,
      refetchInterval: 30_000,
      staleIfError: 0,
      now: () => clock.now,
    });
    await expect(cache.current()).resolves.toBeUndefined();
    await expect(cache.current()).resolves.toBeUndefined();
    expect(fetches).toBe(1);
  });
});
