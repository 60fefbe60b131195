/**
 * GHSA-g3jj-5cmm-3hxx, fast-jwt: a public key in an unexpected text form taken as an HMAC
 * secret.
 *
 * A public key handed over as the JSON text of a JWK or a JWK Set has no PEM header, so
 * fast-jwt's detection fell through to "a raw HMAC secret". A JWK is public by design (it
 * is what `/.well-known/jwks.json` serves): anyone could sign an HS256 token with its JSON
 * text and be accepted.
 *
 * Here a JWK is an object, read by node:crypto into a `KeyObject` of its type; JSON text
 * of an asymmetric JWK or JWK Set is refused as an HMAC secret when the manager is built,
 * and an RS256 manager refuses HS256 tokens whatever they were signed with.
 */
import type { JsonWebKey } from "node:crypto";
import { JwtManager } from "jwt-extended";
import { describe, expect, it } from "vitest";
import { claims, forge, keyPair } from "../helpers/jws.ts";

const rsa = keyPair("rsa");
const ec = keyPair("ec256");
const jwk = {
  ...rsa.publicKey.export({ format: "jwk" }),
  kid: "k1",
  alg: "RS256",
  use: "sig",
} as JsonWebKey;
const texts: ReadonlyArray<readonly [string, string]> = [
  ["an RSA JWK", JSON.stringify(jwk)],
  ["an RSA JWK, pretty-printed", JSON.stringify(jwk, null, 2)],
  ["an EC JWK", JSON.stringify(ec.publicKey.export({ format: "jwk" }))],
  ["a JWK Set", JSON.stringify({ keys: [jwk] })],
  ["a list of JWKs", JSON.stringify([jwk])],
];

describe("GHSA-g3jj-5cmm-3hxx: public JWK JSON taken as an HMAC secret", () => {
  it.each(texts)("refuses %s as an HMAC secret", (_what, text) => {
    expect(() => new JwtManager({ secretKey: text })).toThrow(/JSON Web Key of an asymmetric key/);
    expect(() => new JwtManager({ secretKey: Buffer.from(text) })).toThrow(
      /expected an HMAC secret/,
    );
  });

  it("accepts the JWK object as an RS256 public key", async () => {
    const jwt = new JwtManager({ algorithm: "RS256", privateKey: rsa.privatePem, publicKey: jwk });
    await expect(jwt.decodeToken(await jwt.createAccessToken("alice"))).resolves.toBeTruthy();
  });

  it.each(texts)("refuses an HS256 token signed with %s", async (_what, text) => {
    const jwt = new JwtManager({ algorithm: "RS256", privateKey: rsa.privatePem, publicKey: jwk });
    const forged = forge(
      { alg: "HS256", typ: "JWT", kid: "k1" },
      claims("admin"),
      Buffer.from(text),
    );
    await expect(jwt.decodeToken(forged)).rejects.toMatchObject({ status: 422 });
  });

  it("refuses a JWK carrying private parts as a verification key", () => {
    const privateJwk = rsa.privateKey.export({ format: "jwk" });
    expect(
      () =>
        new JwtManager({ algorithm: "RS256", privateKey: rsa.privatePem, publicKey: privateJwk }),
    ).toThrow(/expected a public key, got a private JSON Web Key/);
  });
});
