import {
  ConfigurationError,
  JwtManager,
  MemoryTokenStore,
  type RefreshTokenReuse,
} from "jwt-extended";
import { describe, expect, it } from "vitest";
import { decodeUnverified } from "../helpers/tokens.ts";
import {
  fourMethodStore,
  managerOver,
  REVOKED,
  refreshContext,
  SECRET,
  verdict,
} from "./manager-under-test.ts";
import { storesUnderTest } from "./stores-under-test.ts";

const { stores } = storesUnderTest("sessions");

const familyOf = (token: string) => decodeUnverified(token).payload.fam as string;

describe.each(stores)("sessions, %s store", (_name, open) => {
  it("lists each login with its times and the metadata attached to it", async () => {
    const jwt = managerOver(await open());
    const started = Date.now();
    const phone = await jwt.createTokenPair("alice", {
      sessionMetadata: { userAgent: "Phone/1.0", trusted: true, build: 42, note: null },
    });
    const laptop = await jwt.createTokenPair("alice", { sessionMetadata: { userAgent: "Laptop" } });
    await jwt.createTokenPair("bob");
    const sessions = await jwt.listSessions("alice");
    // Oldest first; two logins of one millisecond in the order of their ids.
    const expected = [phone, laptop].map((pair) => familyOf(pair.accessToken));
    if (sessions[0]?.createdAt.getTime() === sessions[1]?.createdAt.getTime()) expected.sort();
    expect(sessions.map((session) => session.id)).toEqual(expected);
    const first = sessions.find((session) => session.id === familyOf(phone.accessToken));
    expect(first?.metadata).toEqual({
      userAgent: "Phone/1.0",
      trusted: true,
      build: 42,
      note: null,
    });
    expect(sessions[1]?.metadata).toEqual({ userAgent: "Laptop" });
    expect(first?.createdAt.getTime()).toBeGreaterThanOrEqual(started);
    expect(first?.lastRefreshedAt).toBeNull();
    const exp = decodeUnverified(phone.refreshToken).payload.exp as number;
    expect(first?.expiresAt?.getTime()).toBe(exp * 1000);
    expect(await jwt.listSessions("carol")).toEqual([]);
  });

  it("follows a refresh: same id and metadata, new refresh time and expiry", async () => {
    const jwt = managerOver(await open(), { refreshTokenExpires: 3600 });
    const pair = await jwt.createTokenPair("alice", { sessionMetadata: { userAgent: "Phone" } });
    const [before] = await jwt.listSessions("alice");
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const refreshed = await jwt.refreshTokens(await refreshContext(jwt, pair.refreshToken));
    const after = await jwt.listSessions("alice");
    expect(after).toHaveLength(1);
    expect(after[0]?.id).toBe(before?.id);
    expect(after[0]?.metadata).toEqual({ userAgent: "Phone" });
    expect(after[0]?.createdAt).toEqual(before?.createdAt);
    expect(after[0]?.lastRefreshedAt).not.toBeNull();
    const exp = decodeUnverified(refreshed.refreshToken as string).payload.exp as number;
    expect(after[0]?.expiresAt?.getTime()).toBe(exp * 1000);
    expect(after[0]?.expiresAt?.getTime()).toBeGreaterThan(before?.expiresAt?.getTime() as number);
  });

  it("lists no session for tokens created one by one, refreshed or not", async () => {
    const jwt = managerOver(await open());
    const refreshToken = await jwt.createRefreshToken("alice");
    await jwt.createAccessToken("alice");
    const refreshed = await jwt.refreshTokens(await refreshContext(jwt, refreshToken));
    expect(await verdict(jwt, refreshed.accessToken)).toBe("ok");
    expect(await jwt.listSessions("alice")).toEqual([]);
  });

  it("revokes one session: its tokens are refused, the other login's are not", async () => {
    const jwt = managerOver(await open());
    const phone = await jwt.createTokenPair("alice");
    const laptop = await jwt.createTokenPair("alice");
    const refreshed = await jwt.refreshTokens(await refreshContext(jwt, phone.refreshToken));
    expect(await jwt.revokeSession("alice", familyOf(phone.accessToken))).toBe(true);
    expect(await verdict(jwt, phone.accessToken)).toBe(REVOKED);
    expect(await verdict(jwt, refreshed.accessToken)).toBe(REVOKED);
    expect(await verdict(jwt, refreshed.refreshToken as string, true)).toBe(REVOKED);
    expect(await verdict(jwt, laptop.accessToken)).toBe("ok");
    expect((await jwt.listSessions("alice")).map((session) => session.id)).toEqual([
      familyOf(laptop.accessToken),
    ]);
    // Revoked already: no longer a live session.
    expect(await jwt.revokeSession("alice", familyOf(phone.accessToken))).toBe(false);
  });

  it("lets no identity revoke another's session", async () => {
    const jwt = managerOver(await open());
    const alice = await jwt.createTokenPair("alice");
    const id = familyOf(alice.accessToken);
    expect(await jwt.revokeSession("mallory", id)).toBe(false);
    expect(await jwt.revokeSession("alice", "no-such-session")).toBe(false);
    expect(await jwt.revokeSession("alice", "")).toBe(false);
    expect(await verdict(jwt, alice.accessToken)).toBe("ok");
    expect(await jwt.listSessions("alice")).toHaveLength(1);
  });

  it("drops a session once its refresh token expired", async () => {
    const jwt = managerOver(await open(), { accessTokenExpires: 1, refreshTokenExpires: 1 });
    await jwt.createTokenPair("alice");
    expect(await jwt.listSessions("alice")).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(await jwt.listSessions("alice")).toEqual([]);
  });

  it("drops the sessions a logout, a revoked family or log out everywhere ended", async () => {
    const jwt = managerOver(await open());
    const one = await jwt.createTokenPair("alice");
    const two = await jwt.createTokenPair("alice");
    await jwt.createTokenPair("alice");
    await jwt.revokeToken(one.accessToken, { family: true });
    await jwt.revokeToken(two.refreshToken);
    expect(await jwt.listSessions("alice")).toHaveLength(1);
    await jwt.revokeAllTokens("alice");
    expect(await jwt.listSessions("alice")).toEqual([]);
    const next = await jwt.createTokenPair("alice");
    expect((await jwt.listSessions("alice")).map((session) => session.id)).toEqual([
      familyOf(next.accessToken),
    ]);
  });

  it("drops the session of a login whose refresh token was reused", async () => {
    const reuses: RefreshTokenReuse[] = [];
    const jwt = managerOver(await open(), {
      refreshRotationGrace: 0,
      onRefreshTokenReuse: (event) => {
        reuses.push(event);
      },
    });
    const pair = await jwt.createTokenPair("alice");
    const context = await refreshContext(jwt, pair.refreshToken);
    await jwt.refreshTokens(context);
    await expect(jwt.refreshTokens(context)).rejects.toThrow("Token has been revoked");
    expect(reuses).toHaveLength(1);
    expect(await jwt.listSessions("alice")).toEqual([]);
  });
});

describe("session metadata", () => {
  const jwt = managerOver(new MemoryTokenStore());

  it("takes short JSON values only", async () => {
    const bad = [
      { nested: { a: 1 } },
      { list: ["a"] },
      { n: Number.NaN },
      { long: "x".repeat(3000) },
    ] as unknown as Record<string, string>[];
    for (const sessionMetadata of bad) {
      await expect(jwt.createTokenPair("alice", { sessionMetadata })).rejects.toThrow(
        ConfigurationError,
      );
    }
    expect(await jwt.listSessions("alice")).toEqual([]);
  });

  it("needs a store that keeps sessions", async () => {
    const legacy = managerOver(fourMethodStore(new MemoryTokenStore()));
    const pair = await legacy.createTokenPair("alice");
    expect(await verdict(legacy, pair.accessToken)).toBe("ok");
    await expect(
      legacy.createTokenPair("alice", { sessionMetadata: { userAgent: "x" } }),
    ).rejects.toThrow(/cannot keep sessions/);
    await expect(legacy.listSessions("alice")).rejects.toThrow(/cannot keep sessions/);
    await expect(legacy.revokeSession("alice", "x")).rejects.toThrow(ConfigurationError);
    const storeless = new JwtManager({ secretKey: SECRET });
    await expect(storeless.listSessions("alice")).rejects.toThrow(/has no store/);
  });
});
