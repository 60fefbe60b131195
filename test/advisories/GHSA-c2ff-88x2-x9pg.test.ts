/**
 * GHSA-c2ff-88x2-x9pg (CVE-2023-48223), fast-jwt < 3.3.2: JWT algorithm confusion.
 *
 * fast-jwt decided whether a verification key was a public key or an HMAC secret by
 * matching its text against `-----BEGIN PUBLIC KEY-----`. An RSA public key in PKCS#1 form
 * (`-----BEGIN RSA PUBLIC KEY-----`) did not match, so it was taken as an HMAC secret: an
 * attacker who knew the (public) key signed an HS256 token with its PEM text and the
 * server, configured for RS256, accepted it.
 *
 * Here keys are bound to their algorithm when the manager is built: a PKCS#1 public key is
 * read as an RSA public key for RS256, never as a secret, and an HS256 token is refused by
 * the allow-list before any key is looked at.
 */
import { JwtManager } from "jwt-extended";
import { describe, expect, it } from "vitest";
import { claims, forge, keyPair } from "../helpers/jws.ts";

const rsa = keyPair("rsa");
const pkcs1 = rsa.publicKey.export({ type: "pkcs1", format: "pem" }).toString();

describe("GHSA-c2ff-88x2-x9pg: a PKCS#1 RSA public key taken as an HMAC secret", () => {
  const jwt = new JwtManager({ algorithm: "RS256", privateKey: rsa.privatePem, publicKey: pkcs1 });

  it("verifies RS256 tokens with the PKCS#1 public key", async () => {
    await expect(jwt.decodeToken(await jwt.createAccessToken("alice"))).resolves.toMatchObject({
      sub: "alice",
    });
  });

  it("refuses an HS256 token signed with the public key's PEM text", async () => {
    const forged = forge({ alg: "HS256", typ: "JWT" }, claims("admin"), Buffer.from(pkcs1));
    await expect(jwt.decodeToken(forged)).rejects.toMatchObject({ status: 422 });
  });

  it("refuses it even when the configuration allows HS256 for decoding", () => {
    expect(
      () =>
        new JwtManager({
          algorithm: "RS256",
          privateKey: rsa.privatePem,
          publicKey: pkcs1,
          decodeAlgorithms: ["HS256"],
        }),
    ).toThrow(/one family/);
  });

  it("refuses the PKCS#1 public key as an HMAC secret at construction", () => {
    expect(() => new JwtManager({ secretKey: pkcs1 })).toThrow(/expected an HMAC secret/);
  });
});
