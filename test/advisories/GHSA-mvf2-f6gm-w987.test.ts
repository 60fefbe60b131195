/**
 * GHSA-mvf2-f6gm-w987 (CVE-2026-34950), fast-jwt <= 6.1.0: algorithm confusion through a
 * white-space-prefixed public key.
 *
 * The fix of GHSA-c2ff-88x2-x9pg recognised public keys with a regular expression anchored
 * at the start of the text. A PEM key with leading white space (a newline from a database
 * column, indentation from a YAML block) did not match, was classified as an HMAC secret,
 * and an attacker signed HS256 tokens with the public key's text again.
 *
 * Here no key is classified by pattern at verification time: an asymmetric key is read
 * with node:crypto into a public `KeyObject` when the manager is built (white space around
 * a PEM block is allowed and harmless), and an HMAC secret holding a PEM block anywhere is
 * refused.
 */
import { JwtManager } from "jwt-extended";
import { describe, expect, it } from "vitest";
import { claims, forge, keyPair } from "../helpers/jws.ts";

const rsa = keyPair("rsa");
const prefixes = ["\n", "  ", "\t", "\r\n  \n"];

describe("GHSA-mvf2-f6gm-w987: a white-space-prefixed public key taken as an HMAC secret", () => {
  it.each(prefixes.map((prefix) => [JSON.stringify(prefix), prefix]))(
    "reads a public key prefixed with %s as an RSA key, and refuses HS256 tokens signed with it",
    async (_shown, prefix) => {
      const publicKey = `${prefix}${rsa.publicPem}`;
      const jwt = new JwtManager({ algorithm: "RS256", privateKey: rsa.privatePem, publicKey });
      await expect(jwt.decodeToken(await jwt.createAccessToken("alice"))).resolves.toBeTruthy();
      for (const secret of [publicKey, publicKey.trim(), rsa.publicPem]) {
        const forged = forge({ alg: "HS256", typ: "JWT" }, claims("admin"), Buffer.from(secret));
        await expect(jwt.decodeToken(forged)).rejects.toMatchObject({ status: 422 });
      }
    },
  );

  it.each(prefixes.map((prefix) => [JSON.stringify(prefix), prefix]))(
    "refuses a public key prefixed with %s as an HMAC secret",
    (_shown, prefix) => {
      expect(() => new JwtManager({ secretKey: `${prefix}${rsa.publicPem}` })).toThrow(
        /expected an HMAC secret, got a PEM key/,
      );
    },
  );
});
