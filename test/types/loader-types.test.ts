import {
  type JwtHeader,
  JwtManager,
  type JwtPayload,
  type RevocablePayload,
  type TokenPayload,
} from "jwt-extended";
import { describe, expectTypeOf, it } from "vitest";
import type { Account, Claims } from "./fixtures.ts";

const secretKey = "a-secret-of-at-least-thirty-two-bytes";

describe("types reaching the loaders", () => {
  it("gives a verified token's loaders sub as the manager's identity type", () => {
    const accounts = new Map<string, Account>();
    const jwt = new JwtManager<string, Account>({ secretKey });
    jwt.userLookupLoader(async (_header, payload) => {
      expectTypeOf(payload).toEqualTypeOf<TokenPayload<string, Record<string, unknown>>>();
      expectTypeOf(payload.sub).toEqualTypeOf<string>();
      return accounts.get(payload.sub);
    });
    jwt.tokenVerificationLoader((_header, payload) => payload.sub.length > 0);
  });

  it("types sub as what the user-identity loader encodes an identity to", () => {
    const jwt = new JwtManager<number, Account>({ secretKey });
    jwt.userIdentityLoader((account) => (account as Account).id);
    jwt.userLookupLoader((_header, payload) => {
      expectTypeOf(payload.sub).toEqualTypeOf<number>();
      return { id: payload.sub, email: "a@b.c" };
    });
    // @ts-expect-error: the identity is encoded to a number, not a string.
    jwt.userIdentityLoader((account) => (account as Account).email);
  });

  it("gives the revocation loaders a string jti, which a Set<string> can be asked about", () => {
    const revoked = new Set<string>();
    const jwt = new JwtManager<string, Account>({ secretKey });
    jwt.tokenInBlocklistLoader(async (_header, payload) => {
      expectTypeOf(payload).toEqualTypeOf<RevocablePayload<string, Record<string, unknown>>>();
      expectTypeOf(payload.jti).toEqualTypeOf<string>();
      return revoked.has(payload.jti);
    });
    jwt.revokedTokenLoader((_header, payload) => ({ status: 401, body: { jti: payload.jti } }));
  });

  it("types the other loaders' jti as decoded: null for a foreign token without one", () => {
    const jwt = new JwtManager<string, Account>({ secretKey });
    jwt.needsFreshTokenLoader((_header, payload) => {
      expectTypeOf(payload.jti).toEqualTypeOf<string | null>();
      return { status: 401, body: { msg: "fresh token required" } };
    });
  });

  it("types the claims of unverified and expired tokens as the token carries them", () => {
    const jwt = new JwtManager<string, Account>({ secretKey });
    jwt.decodeKeyLoader((header, payload) => {
      expectTypeOf(header).toEqualTypeOf<JwtHeader>();
      expectTypeOf(payload).toEqualTypeOf<JwtPayload>();
      return secretKey;
    });
    jwt.expiredTokenLoader((_header, payload) => {
      expectTypeOf(payload.sub).toEqualTypeOf<unknown>();
      return { status: 401, body: { msg: "expired" } };
    });
  });

  it("gives the loaders the manager's claim types", () => {
    const jwt = new JwtManager<string, Account, Claims>({ secretKey });
    jwt.tokenVerificationLoader((_header, payload) => {
      expectTypeOf(payload.role).toEqualTypeOf<"admin" | "reader">();
      return payload.role === "admin";
    });
  });
});

describe("additional claims checked against the manager's Claims type", () => {
  const jwt = new JwtManager<string, Account, Claims>({ secretKey });

  it("accepts claims of the declared types, on every token-creating call", async () => {
    await jwt.createAccessToken("alice", { additionalClaims: { role: "admin" } });
    await jwt.createRefreshToken("alice", { additionalClaims: { role: "reader" } });
    await jwt.createTokenPair("alice", { additionalClaims: { role: "reader" } });
    jwt.additionalClaimsLoader(() => ({ role: "reader" }));
  });

  it("refuses a claim of the wrong type or one the Claims type does not declare", async () => {
    // @ts-expect-error: role is "admin" | "reader".
    await jwt.createAccessToken("alice", { additionalClaims: { role: 5 } });
    // @ts-expect-error: tenant is not one of the manager's claims.
    await jwt.createAccessToken("alice", { additionalClaims: { tenant: "t1" } });
    // @ts-expect-error: role is "admin" | "reader".
    await jwt.createTokenPair("alice", { additionalClaims: { role: "owner" } });
    // @ts-expect-error: the loader's claims are checked too.
    jwt.additionalClaimsLoader(() => ({ role: 1 }));
  });

  it("accepts any claims on a manager without a Claims type", async () => {
    const untyped = new JwtManager({ secretKey });
    await untyped.createAccessToken("alice", { additionalClaims: { tenant: "t1", level: 3 } });
  });
});
