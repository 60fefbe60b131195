/**
 * What every TokenStore must do, as test cases registered for one store: a test file
 * calls `storeConformance("SQLite", factory)` inside its own setup. The cases use keys of
 * their own, so they run on one shared server, and need no clock of their own: short TTLs
 * are awaited for real, by polling with a generous limit.
 */
import { randomUUID } from "node:crypto";
import { JwtManager, type TokenStore } from "jwt-extended";
import { afterAll, describe, expect, it } from "vitest";
import { protectedAnswer } from "../helpers/protected-request.ts";
import { managerOver, REVOKED, refreshContext, verdict } from "../sessions/manager-under-test.ts";

export interface StoreFactory {
  /**
   * A store on the backend under test. Each call returns a new client of the same data
   * where the store has clients (a connection, a database handle); the memory store
   * returns its one instance. The suite closes what it opens.
   */
  open(): Promise<TokenStore>;
}

const SECRET = "a-secret-of-at-least-thirty-two-bytes!!";

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `key` reads as absent; fails past `limitMs` (a store that never expires it). */
async function untilGone(store: TokenStore, key: string, limitMs = 5_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while ((await store.get(key)) !== null) {
    if (Date.now() > deadline) throw new Error(`${key} still held after ${limitMs} ms`);
    await sleep(50);
  }
}

/** Waits until `check` holds; fails past `limitMs`. */
async function untilTrue(check: () => Promise<boolean>, limitMs = 5_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not so after ${limitMs} ms`);
    await sleep(50);
  }
}

type Optional = "getMany" | "mapSet" | "mapEntries" | "mapDelete";

/** One of the methods every shipped store offers though the interface leaves it optional. */
function methodOf<Name extends Optional>(
  store: TokenStore,
  name: Name,
): NonNullable<TokenStore[Name]> {
  const method = store[name];
  if (typeof method !== "function") throw new Error(`the store has no ${name}`);
  return method.bind(store) as NonNullable<TokenStore[Name]>;
}

const sorted = (entries: readonly (readonly [string, string])[]): [string, string][] =>
  entries
    .map(([field, value]): [string, string] => [field, value])
    .sort(([a], [b]) => (a < b ? -1 : 1));

export function storeConformance(name: string, factory: StoreFactory): void {
  describe(`the ${name} token store (conformance)`, () => {
    const opened: TokenStore[] = [];
    const open = async (): Promise<TokenStore> => {
      const store = await factory.open();
      opened.push(store);
      return store;
    };
    /** Keys no other case (or earlier run on a persistent backend) uses. */
    const fresh = (label: string): string => `${label}:${randomUUID()}`;

    afterAll(async () => {
      await Promise.all([...new Set(opened)].map((store) => store.close?.()));
    });

    it("answers null for a key it never held, and the value set for one it holds", async () => {
      const store = await open();
      const key = fresh("revoked");
      expect(await store.get(key)).toBeNull();
      await store.set(key, "1", 60_000);
      expect(await store.get(key)).toBe("1");
    });

    it("keeps values and keys byte for byte, whatever their characters", async () => {
      const store = await open();
      const key = `${fresh("odd")}:'"; DROP TABLE x; -- {tag} é 🔑 \\ %_*`;
      const value = `'"\n\t{json: "ü"} 🔒 ${"x".repeat(2000)}`;
      await store.set(key, value, 60_000);
      expect(await store.get(key)).toBe(value);
      expect(await store.hasAny([key])).toBe(true);
      expect(await store.get(`${key.slice(0, -1)}?`)).toBeNull();
    });

    it("replaces a value with set, the new TTL replacing the old one", async () => {
      const store = await open();
      const key = fresh("family");
      await store.set(key, "old", 200);
      await store.set(key, "new", 60_000);
      expect(await store.get(key)).toBe("new");
      await sleep(1_300);
      expect(await store.get(key)).toBe("new");
    });

    it("forgets a value once its TTL has passed, and not before another key's", async () => {
      const store = await open();
      const [short, long] = [fresh("short"), fresh("long")];
      await store.set(short, "1", 50);
      await store.set(long, "1", 60_000);
      await untilGone(store, short);
      expect(await store.hasAny([short])).toBe(false);
      expect(await store.get(long)).toBe("1");
    });

    it("keeps a value set with a null TTL, even over one that had a TTL", async () => {
      const store = await open();
      const [forever, madePermanent, short] = [fresh("forever"), fresh("permanent"), fresh("s")];
      await store.set(forever, "1", null);
      await store.set(madePermanent, "a", 50);
      await store.set(madePermanent, "b", null);
      await store.set(short, "1", 50);
      await untilGone(store, short);
      expect(await store.get(forever)).toBe("1");
      expect(await store.get(madePermanent)).toBe("b");
    });

    it("stores with setIfAbsent only when the key holds nothing", async () => {
      const store = await open();
      const key = fresh("used");
      expect(await store.setIfAbsent(key, "first", 60_000)).toBe(true);
      expect(await store.setIfAbsent(key, "second", 60_000)).toBe(false);
      expect(await store.get(key)).toBe("first");
      const permanent = fresh("used");
      expect(await store.setIfAbsent(permanent, "first", null)).toBe(true);
      expect(await store.setIfAbsent(permanent, "second", 60_000)).toBe(false);
      expect(await store.get(permanent)).toBe("first");
    });

    it("lets setIfAbsent take a key whose value expired, for its new TTL", async () => {
      const store = await open();
      const key = fresh("used");
      expect(await store.setIfAbsent(key, "first", 50)).toBe(true);
      await untilGone(store, key);
      expect(await store.setIfAbsent(key, "second", 60_000)).toBe(true);
      expect(await store.get(key)).toBe("second");
      await sleep(1_300);
      expect(await store.get(key)).toBe("second");
    });

    it("lets exactly one of many concurrent setIfAbsent calls from several clients win", async () => {
      const clients = await Promise.all([open(), open(), open()]);
      for (let round = 0; round < 5; round++) {
        const key = fresh("race");
        const results = await Promise.all(
          Array.from({ length: 60 }, (_, i) =>
            (clients[i % clients.length] as TokenStore).setIfAbsent(key, `caller-${i}`, 60_000),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await clients[0]?.get(key)).toBe(`caller-${results.indexOf(true)}`);
      }
    });

    it("lets exactly one concurrent setIfAbsent win over an expired value", async () => {
      const clients = await Promise.all([open(), open()]);
      const key = fresh("race-expired");
      await clients[0]?.set(key, "old", 50);
      await untilGone(clients[0] as TokenStore, key);
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (clients[i % 2] as TokenStore).setIfAbsent(key, `caller-${i}`, 60_000),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it("answers whether any of several keys holds a live value", async () => {
      const store = await open();
      const [held, absent, expired] = [fresh("revoked"), fresh("revoked"), fresh("gone")];
      await store.set(held, "1", 60_000);
      await store.set(expired, "1", 50);
      expect(await store.hasAny([])).toBe(false);
      expect(await store.hasAny([absent])).toBe(false);
      expect(await store.hasAny([absent, held])).toBe(true);
      expect(await store.hasAny([held, absent, fresh("more")])).toBe(true);
      await untilGone(store, expired);
      expect(await store.hasAny([expired, absent])).toBe(false);
    });

    it("shares what one client writes with every other client of the same data", async () => {
      const [one, two] = await Promise.all([open(), open()]);
      const key = fresh("shared");
      await one.set(key, "1", 60_000);
      expect(await two.get(key)).toBe("1");
      expect(await two.hasAny([fresh("no"), key])).toBe(true);
    });

    it("answers getMany in the order asked, null for absent and expired keys", async () => {
      const store = await open();
      const getMany = methodOf(store, "getMany");
      const [a, b, gone, absent] = [fresh("a"), fresh("b"), fresh("gone"), fresh("absent")];
      await store.set(a, "value-a", 60_000);
      expect(await store.setIfAbsent(b, "value-b", null)).toBe(true);
      await store.set(gone, "1", 50);
      await untilGone(store, gone);
      expect(await getMany([])).toEqual([]);
      expect(await getMany([absent, b, gone, a])).toEqual([null, "value-b", null, "value-a"]);
      expect(await getMany([a, a])).toEqual(["value-a", "value-a"]);
    });

    it("keeps a map's fields apart, replacing one field's value without touching the others", async () => {
      const [store, other] = await Promise.all([open(), open()]);
      const mapSet = methodOf(store, "mapSet");
      const key = fresh("sessions");
      expect(await methodOf(store, "mapEntries")(key)).toEqual([]);
      await mapSet(key, "f1", '{"n":1}', 60_000);
      await mapSet(key, "f2", "two", null);
      await mapSet(key, "f1", '{"n":1.5}', 60_000);
      const entries = await methodOf(other, "mapEntries")(key);
      expect(sorted(entries)).toEqual([
        ["f1", '{"n":1.5}'],
        ["f2", "two"],
      ]);
    });

    it("expires each field of a map on its own, and the map with its last field", async () => {
      const store = await open();
      const [mapSet, mapEntries] = [methodOf(store, "mapSet"), methodOf(store, "mapEntries")];
      const [key, lone] = [fresh("sessions"), fresh("sessions")];
      await mapSet(key, "short", "1", 50);
      await mapSet(key, "long", "2", 60_000);
      await mapSet(key, "forever", "3", null);
      await mapSet(lone, "only", "1", 50);
      await untilTrue(async () => (await mapEntries(key)).length === 2);
      expect(sorted(await mapEntries(key))).toEqual([
        ["forever", "3"],
        ["long", "2"],
      ]);
      await untilTrue(async () => (await mapEntries(lone)).length === 0);
      await mapSet(lone, "again", "4", 60_000);
      expect(await mapEntries(lone)).toEqual([["again", "4"]]);
    });

    it("deletes the given fields of a map only, ignoring absent ones", async () => {
      const store = await open();
      const [mapSet, mapDelete] = [methodOf(store, "mapSet"), methodOf(store, "mapDelete")];
      const key = fresh("sessions");
      for (const field of ["a", "b", "c"]) await mapSet(key, field, field, 60_000);
      await mapDelete(key, []);
      await mapDelete(key, ["b", "not-there"]);
      await mapDelete(fresh("no-map"), ["a"]);
      expect(sorted(await methodOf(store, "mapEntries")(key))).toEqual([
        ["a", "a"],
        ["c", "c"],
      ]);
      await mapDelete(key, ["a", "c"]);
      expect(await methodOf(store, "mapEntries")(key)).toEqual([]);
    });

    it("lands every one of many concurrent mapSet calls on different fields of one map", async () => {
      const clients = await Promise.all([open(), open()]);
      const key = fresh("sessions");
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          methodOf(clients[i % 2] as TokenStore, "mapSet")(key, `field-${i}`, `v${i}`, 60_000),
        ),
      );
      const entries = await methodOf(clients[0] as TokenStore, "mapEntries")(key);
      expect(sorted(entries)).toEqual(
        sorted(Array.from({ length: 50 }, (_, i) => [`field-${i}`, `v${i}`] as const)),
      );
    });

    it("carries log out everywhere between two managers, one per client", async () => {
      const [one, two] = [managerOver(await open()), managerOver(await open())];
      const identity = fresh("user");
      const before = await one.createTokenPair(identity);
      const bystander = await one.createAccessToken(fresh("user"));
      await one.revokeAllTokens(identity);
      expect(await verdict(two, before.accessToken)).toBe(REVOKED);
      expect(await verdict(two, before.refreshToken, true)).toBe(REVOKED);
      expect(await verdict(two, bystander)).toBe("ok");
      expect(await verdict(two, await two.createAccessToken(identity))).toBe("ok");
    });

    it("keeps a manager's sessions: listed, refreshed, revoked by their identity only", async () => {
      const [one, two] = [managerOver(await open()), managerOver(await open())];
      const identity = fresh("user");
      const phone = await one.createTokenPair(identity, { sessionMetadata: { device: "phone" } });
      const laptop = await one.createTokenPair(identity, { sessionMetadata: { device: "laptop" } });
      await two.refreshTokens(await refreshContext(two, laptop.refreshToken));
      const listed = await two.listSessions(identity);
      // Two logins of one millisecond are listed in either order.
      const shown = listed.map((session) => [session.metadata.device, session.lastRefreshedAt]);
      expect(shown.sort()).toEqual([
        ["laptop", expect.any(Date)],
        ["phone", null],
      ]);
      const phoneId = listed.find((session) => session.metadata.device === "phone")?.id as string;
      expect(await two.revokeSession(fresh("user"), phoneId)).toBe(false);
      expect(await two.revokeSession(identity, phoneId)).toBe(true);
      expect(await verdict(one, phone.accessToken)).toBe(REVOKED);
      expect((await one.listSessions(identity)).map((session) => session.metadata.device)).toEqual([
        "laptop",
      ]);
    });

    it("serves a manager's sessions and log out everywhere", async () => {
      const store = await open();
      const jwt = new JwtManager({ secretKey: SECRET, store, refreshRotation: true });
      const user = fresh("user");
      const one = await jwt.createTokenPair(user, { sessionMetadata: { userAgent: "one" } });
      const two = await jwt.createTokenPair(user);
      const familyOf = async (token: string) => (await jwt.decodeToken(token)).fam as string;
      const [first, second] = [await familyOf(one.accessToken), await familyOf(two.accessToken)];
      const listed = await jwt.listSessions(user);
      expect(listed.map((session) => session.id).sort()).toEqual([first, second].sort());
      expect(listed.find((session) => session.id === first)?.metadata).toEqual({
        userAgent: "one",
      });

      expect(await jwt.revokeSession(user, first)).toBe(true);
      expect((await protectedAnswer(jwt, one.accessToken)).status).toBe(401);
      expect((await jwt.listSessions(user)).map((session) => session.id)).toEqual([second]);

      expect((await protectedAnswer(jwt, two.accessToken)).status).toBe(200);
      await jwt.revokeAllTokens(user);
      expect(await protectedAnswer(jwt, two.accessToken)).toMatchObject({
        status: 401,
        body: { msg: "Token has been revoked" },
      });
      expect((await protectedAnswer(jwt, await jwt.createAccessToken(user))).status).toBe(200);
    });

    it("closes without losing what other clients read", async () => {
      const store = await factory.open();
      const key = fresh("closed");
      await store.set(key, "1", 60_000);
      await store.close?.();
      expect(await (await open()).get(key)).toBe("1");
    });
  });
}
