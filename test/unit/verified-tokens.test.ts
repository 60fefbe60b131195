import { describe, expect, it } from "vitest";
import type { DecodedJwt } from "../../src/token/payload.ts";
import { VerifiedTokens } from "../../src/token/verified-tokens.ts";

const NOW = 1_700_000_000_000;
const seconds = (ms: number): number => ms / 1000;

const decoded = (claims: Record<string, unknown> = {}): DecodedJwt => ({
  header: { alg: "HS256", typ: "JWT" },
  payload: {
    fresh: false,
    iat: seconds(NOW),
    jti: "id",
    type: "access",
    sub: "user",
    nbf: seconds(NOW),
    exp: seconds(NOW) + 900,
    ...claims,
  },
});

describe("VerifiedTokens", () => {
  it("answers a remembered token with its header and claims", () => {
    const tokens = new VerifiedTokens(0);
    tokens.remember("a.b.c", decoded());
    expect(tokens.get("a.b.c", NOW)).toEqual(decoded());
  });

  it("knows nothing of a token it was not given", () => {
    const tokens = new VerifiedTokens(0);
    tokens.remember("a.b.c", decoded());
    expect(tokens.get("a.b.d", NOW)).toBeUndefined();
  });

  it("gives every hit its own copies, so a changed payload does not leak to the next request", () => {
    const tokens = new VerifiedTokens(0);
    const original = decoded();
    tokens.remember("a.b.c", original);
    original.payload.sub = "changed after verification";
    const first = tokens.get("a.b.c", NOW) as DecodedJwt;
    first.payload.sub = "changed by a handler";
    first.header.alg = "none";
    expect(tokens.get("a.b.c", NOW)).toEqual(decoded());
  });

  it("forgets a token once it has expired, as the engine would refuse it", () => {
    const tokens = new VerifiedTokens(0);
    tokens.remember("a.b.c", decoded());
    expect(tokens.get("a.b.c", NOW + 900_000)).toBeDefined();
    expect(tokens.get("a.b.c", NOW + 900_001)).toBeUndefined();
    expect(tokens.size).toBe(0);
  });

  it("does not answer before the token's nbf", () => {
    const tokens = new VerifiedTokens(0);
    tokens.remember("a.b.c", decoded());
    expect(tokens.get("a.b.c", NOW - 1)).toBeUndefined();
  });

  it("applies the decode leeway to nbf and exp", () => {
    const tokens = new VerifiedTokens(10);
    tokens.remember("a.b.c", decoded());
    expect(tokens.get("a.b.c", NOW - 10_000)).toBeDefined();
    expect(tokens.get("a.b.c", NOW + 910_000)).toBeDefined();
    expect(tokens.get("a.b.c", NOW + 910_001)).toBeUndefined();
  });

  it("keeps a token without exp until it is pushed out", () => {
    const tokens = new VerifiedTokens(0);
    tokens.remember("a.b.c", decoded({ exp: undefined, nbf: undefined }));
    expect(tokens.get("a.b.c", Number.MAX_SAFE_INTEGER)).toBeDefined();
  });

  it("does not store tokens with nested claims, which a copy would still share", () => {
    const tokens = new VerifiedTokens(0);
    tokens.remember("a.b.c", decoded({ aud: ["one", "two"] }));
    tokens.remember("d.e.f", decoded({ roles: { admin: true } }));
    expect(tokens.size).toBe(0);
  });

  it("holds at most its limit, forgetting the oldest first", () => {
    const tokens = new VerifiedTokens(0, 2);
    tokens.remember("1", decoded());
    tokens.remember("2", decoded());
    tokens.remember("3", decoded());
    expect(tokens.size).toBe(2);
    expect(tokens.get("1", NOW)).toBeUndefined();
    expect(tokens.get("3", NOW)).toBeDefined();
  });

  it("stores nothing with a limit of zero", () => {
    const tokens = new VerifiedTokens(0, 0);
    tokens.remember("a.b.c", decoded());
    expect(tokens.size).toBe(0);
  });

  it("remembers an offered token from its second offer on, and only that one", () => {
    const tokens = new VerifiedTokens(0);
    tokens.offer("a.b.first-signature", decoded());
    expect(tokens.get("a.b.first-signature", NOW)).toBeUndefined();
    tokens.offer("a.b.other-signature", decoded());
    tokens.offer("a.b.first-signature", decoded());
    expect(tokens.get("a.b.first-signature", NOW)).toEqual(decoded());
    expect(tokens.get("a.b.other-signature", NOW)).toBeUndefined();
    expect(tokens.size).toBe(1);
  });

  it("stays within its limit however many distinct tokens are offered twice", () => {
    const tokens = new VerifiedTokens(0, 8);
    for (let i = 0; i < 1000; i++) {
      tokens.offer(`a.b.signature-${i}`, decoded());
      tokens.offer(`a.b.signature-${i}`, decoded());
    }
    expect(tokens.size).toBe(8);
    expect(tokens.get("a.b.signature-999", NOW)).toBeDefined();
  });
});
