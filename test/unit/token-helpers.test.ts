/**
 * `getJti` and `getCsrfToken`, the counterparts of the Python library's `get_jti` and
 * `get_csrf_token`: both decode, and so verify, the token before reading the claim.
 */
import { JwtManager, MemoryTokenStore } from "jwt-extended";
import { describe, expect, it } from "vitest";
import { claims, forge } from "../helpers/jws.ts";

const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";
const otherKey = "another-secret-of-thirty-two-bytes!!!";
const HS256 = { alg: "HS256", typ: "JWT" };
const segment = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as Record<
    string,
    unknown
  >;

describe("getJti", () => {
  const jwt = new JwtManager({ secretKey });

  it("answers the jti of a token that verifies", async () => {
    const token = await jwt.createAccessToken("alice");
    expect(await jwt.getJti(token)).toBe(segment(token).jti);
  });

  it("answers null for a verified token without a jti, where no store needs one", async () => {
    expect(await jwt.getJti(forge(HS256, claims("alice", { jti: undefined }), secretKey))).toBe(
      null,
    );
  });

  it("refuses a token signed with another key", async () => {
    const foreign = await new JwtManager({ secretKey: otherKey }).createAccessToken("alice");
    await expect(jwt.getJti(foreign)).rejects.toMatchObject({ code: "DECODE", status: 422 });
  });

  it("refuses an expired token, as get_jti does", async () => {
    const expired = forge(
      HS256,
      claims("alice", { exp: Math.floor(Date.now() / 1000) - 60 }),
      secretKey,
    );
    await expect(jwt.getJti(expired)).rejects.toMatchObject({ code: "EXPIRED", status: 401 });
  });

  it("refuses a token without a jti where a store needs one", async () => {
    const withStore = new JwtManager({ secretKey, store: new MemoryTokenStore() });
    const token = forge(HS256, claims("alice", { jti: undefined }), secretKey);
    await expect(withStore.getJti(token)).rejects.toThrow("Missing claim: jti");
  });
});

describe("getCsrfToken", () => {
  const jwt = new JwtManager({ secretKey });

  it("answers the csrf claim of a token that verifies", async () => {
    const token = await jwt.createAccessToken("alice");
    expect(await jwt.getCsrfToken(token)).toBe(segment(token).csrf);
  });

  it("verifies the token first: a token signed with another key is refused", async () => {
    const forged = forge(HS256, claims("alice"), otherKey);
    await expect(jwt.getCsrfToken(forged)).rejects.toMatchObject({ code: "DECODE", status: 422 });
  });

  it("refuses an expired token, as get_csrf_token does", async () => {
    const expired = forge(
      HS256,
      claims("alice", { exp: Math.floor(Date.now() / 1000) - 60 }),
      secretKey,
    );
    await expect(jwt.getCsrfToken(expired)).rejects.toMatchObject({ code: "EXPIRED" });
  });

  it("answers undefined for a verified token without a csrf claim", async () => {
    const token = forge(HS256, claims("alice", { csrf: undefined }), secretKey);
    expect(await jwt.getCsrfToken(token)).toBeUndefined();
  });
});
