import { ConfigurationError, JwtManager, MemoryTokenStore } from "jwt-extended";
import { describe, expect, it } from "vitest";
import { decodeUnverified } from "../helpers/tokens.ts";
import {
  atStartOfSecond,
  fourMethodStore,
  managerOver,
  REVOKED,
  refreshContext,
  SECRET,
  verdict,
} from "./manager-under-test.ts";
import { storesUnderTest } from "./stores-under-test.ts";

const { stores, openRedisStore } = storesUnderTest("everywhere");

describe.each(stores)("revokeAllTokens, %s store", (_name, open) => {
  it("refuses every earlier token of the identity, whatever its login, and no one else's", async () => {
    const jwt = managerOver(await open());
    const first = await jwt.createTokenPair("alice");
    const second = await jwt.createTokenPair("alice");
    const loose = await jwt.createAccessToken("alice");
    const looseRefresh = await jwt.createRefreshToken("alice");
    const bob = await jwt.createTokenPair("bob");
    await jwt.revokeAllTokens("alice");
    for (const token of [first.accessToken, second.accessToken, loose]) {
      expect(await verdict(jwt, token)).toBe(REVOKED);
    }
    for (const token of [first.refreshToken, second.refreshToken, looseRefresh]) {
      expect(await verdict(jwt, token, true)).toBe(REVOKED);
    }
    expect(await verdict(jwt, bob.accessToken)).toBe("ok");
    expect(await verdict(jwt, bob.refreshToken, true)).toBe("ok");
  });

  it("accepts a login made after it resolves, and its refresh", async () => {
    const jwt = managerOver(await open());
    await jwt.createTokenPair("alice");
    await jwt.revokeAllTokens("alice");
    const after = await jwt.createTokenPair("alice");
    expect(await verdict(jwt, after.accessToken)).toBe("ok");
    const refreshed = await jwt.refreshTokens(await refreshContext(jwt, after.refreshToken));
    expect(await verdict(jwt, refreshed.accessToken)).toBe("ok");
    expect(await verdict(jwt, refreshed.refreshToken as string, true)).toBe("ok");
  });

  it("refuses a token issued in the same second just before it, and accepts the next", async () => {
    const jwt = managerOver(await open());
    await atStartOfSecond();
    const before = await jwt.createAccessToken("alice");
    const started = Date.now();
    await jwt.revokeAllTokens("alice");
    const after = await jwt.createAccessToken("alice");
    const iatBefore = decodeUnverified(before).payload.iat as number;
    // The case at hand: the earlier token shares the second the revocation happened in.
    expect(iatBefore).toBe(Math.floor(started / 1000));
    expect(decodeUnverified(after).payload.iat).toBe(iatBefore + 1);
    expect(await verdict(jwt, before)).toBe(REVOKED);
    expect(await verdict(jwt, after)).toBe("ok");
  });

  it("keeps identities apart whose names look alike to a key", async () => {
    const jwt = managerOver(await open());
    const names = ["{alice}", "alice", "alice}", "%7Balice%7D", "al:ice", ""];
    const tokens = await Promise.all(names.map((name) => jwt.createAccessToken(name)));
    await jwt.revokeAllTokens("{alice}");
    expect(await Promise.all(tokens.map((token) => verdict(jwt, token)))).toEqual([
      REVOKED,
      "ok",
      "ok",
      "ok",
      "ok",
      "ok",
    ]);
  });
});

describe("revokeAllTokens across instances", () => {
  it("is seen by a second manager sharing the Redis store", async () => {
    const [one, two] = await Promise.all([
      openRedisStore("shared-everywhere:"),
      openRedisStore("shared-everywhere:"),
    ]);
    const first = managerOver(one);
    const second = managerOver(two);
    const pair = await first.createTokenPair("alice");
    expect(await verdict(second, pair.accessToken)).toBe("ok");
    await first.revokeAllTokens("alice");
    expect(await verdict(second, pair.accessToken)).toBe(REVOKED);
    expect(await verdict(second, pair.refreshToken, true)).toBe(REVOKED);
    const fresh = await second.createTokenPair("alice");
    expect(await verdict(first, fresh.accessToken)).toBe("ok");
  });
});

describe("a store with the four original methods", () => {
  it("still revokes tokens and rotates, and says what log out everywhere needs", async () => {
    const jwt = managerOver(fourMethodStore(new MemoryTokenStore()));
    const pair = await jwt.createTokenPair("alice");
    const refreshed = await jwt.refreshTokens(await refreshContext(jwt, pair.refreshToken));
    expect(await verdict(jwt, refreshed.accessToken)).toBe("ok");
    await jwt.revokeToken(refreshed.accessToken, { family: true });
    expect(await verdict(jwt, pair.accessToken)).toBe(REVOKED);
    await expect(jwt.revokeAllTokens("alice")).rejects.toThrow(ConfigurationError);
    await expect(jwt.revokeAllTokens("alice")).rejects.toThrow(/needs getMany/);
  });

  it("is a configuration error without any store", async () => {
    const jwt = new JwtManager({ secretKey: SECRET });
    await expect(jwt.revokeAllTokens("alice")).rejects.toThrow(/has no store/);
  });
});
