/**
 * GHSA-ww5h-9m49-7xx4, fast-jwt: algorithm confusion through bytes before the PEM header.
 *
 * After the white-space fix (GHSA-mvf2-f6gm-w987), other leading bytes still pushed the
 * `-----BEGIN ...-----` header off the start of the key text: a zero-width space, a byte
 * order mark, a NUL, a comment line or a wrapper. The key was then not recognised as a
 * public key and fell back to being an HMAC secret; the advisory calls it the incomplete
 * fix lineage of CVE-2023-48223 and CVE-2026-34950.
 *
 * Here a public key must start with its PEM header after nothing but white space, or it is
 * refused when the manager is built; and any text holding a PEM header anywhere is refused
 * as an HMAC secret. No fallback exists from "not a recognised key" to "a secret".
 */
import { JwtManager } from "jwt-extended";
import { describe, expect, it } from "vitest";
import { claims, forge, keyPair } from "../helpers/jws.ts";

const rsa = keyPair("rsa");
const junk: ReadonlyArray<readonly [string, string]> = [
  ["a zero-width space", "\u200b"],
  ["a byte order mark", "\ufeff"],
  ["a NUL byte", "\u0000"],
  ["a comment line", "# production key\n"],
  ["a wrapper", "key = '''\n"],
  ["a control character", "\u0007"],
];

describe("GHSA-ww5h-9m49-7xx4: junk before the PEM header of a public key", () => {
  it.each(junk)("refuses a public key after %s at construction", (_what, prefix) => {
    expect(
      () =>
        new JwtManager({
          algorithm: "RS256",
          privateKey: rsa.privatePem,
          publicKey: `${prefix}${rsa.publicPem}`,
        }),
    ).toThrow(/publicKey: expected a PEM public key/);
  });

  it.each(junk)("refuses a public key after %s as an HMAC secret", (_what, prefix) => {
    expect(() => new JwtManager({ secretKey: `${prefix}${rsa.publicPem}` })).toThrow(
      /expected an HMAC secret/,
    );
  });

  it.each(junk)("refuses an HS256 token signed with the key after %s", async (_what, prefix) => {
    const jwt = new JwtManager({
      algorithm: "RS256",
      privateKey: rsa.privatePem,
      publicKey: rsa.publicPem,
    });
    const forged = forge(
      { alg: "HS256", typ: "JWT" },
      claims("admin"),
      Buffer.from(`${prefix}${rsa.publicPem}`),
    );
    await expect(jwt.decodeToken(forged)).rejects.toMatchObject({ status: 422 });
  });
});
