/**
 * GHSA-ffqj-6fqr-9h24 (CVE-2022-29217), PyJWT < 2.4.0: key confusion through public key
 * formats that were not blocklisted.
 *
 * PyJWT refused to use PEM public keys as HMAC secrets, but not OpenSSH public keys
 * (`ssh-ed25519 AAAA...`, `ecdsa-sha2-nistp256 AAAA...`). An application that allowed
 * every algorithm (`jwt.algorithms.get_default_algorithms()`) and verified EdDSA or ECDSA
 * tokens with such a key accepted an HS256 token signed with the key's text.
 *
 * Here the allow-list is explicit and of one family, every key is bound to one algorithm,
 * an asymmetric key must be a PEM block, a JWK or a `KeyObject` (an OpenSSH line is not one
 * and is refused), and OpenSSH public keys are refused as HMAC secrets.
 */
import { JwtManager } from "jwt-extended";
import { describe, expect, it } from "vitest";
import { claims, forge, keyPair } from "../helpers/jws.ts";

const ed = keyPair("ed25519");
const ec = keyPair("ec256");

/** The OpenSSH text of an Ed25519 public key: `ssh-ed25519 base64(string name, string key)`. */
function openSshEd25519(): string {
  const raw = Buffer.from(ed.publicKey.export({ format: "jwk" }).x as string, "base64url");
  const field = (bytes: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, bytes.length]), bytes]);
  const blob = Buffer.concat([field(Buffer.from("ssh-ed25519")), field(raw)]);
  return `ssh-ed25519 ${blob.toString("base64")} user@example`;
}

const sshKeys: ReadonlyArray<readonly [string, string]> = [
  ["an ssh-ed25519 key", openSshEd25519()],
  [
    "an ecdsa-sha2-nistp256 key",
    `ecdsa-sha2-nistp256 ${"AAAAE2VjZHNhLXNoYTItbmlzdHAyNTY".padEnd(140, "A")}=`,
  ],
  ["an ssh-rsa key", `ssh-rsa ${"AAAAB3NzaC1yc2EAAAADAQABAAABAQ".padEnd(372, "B")}== ops`],
];

describe("GHSA-ffqj-6fqr-9h24: OpenSSH public keys taken as HMAC secrets", () => {
  it.each(sshKeys)("refuses %s as an HMAC secret", (_what, key) => {
    expect(() => new JwtManager({ secretKey: key })).toThrow(/an OpenSSH public key/);
    expect(() => new JwtManager({ secretKey: `\n${key}\n` })).toThrow(/an OpenSSH public key/);
  });

  it("refuses an OpenSSH line as an EdDSA public key", () => {
    expect(
      () =>
        new JwtManager({
          algorithm: "EdDSA",
          privateKey: ed.privatePem,
          publicKey: openSshEd25519(),
        }),
    ).toThrow(/publicKey: expected a PEM public key/);
  });

  it("refuses an allow-list that mixes HMAC with EdDSA or ECDSA", () => {
    expect(
      () =>
        new JwtManager({
          algorithm: "EdDSA",
          privateKey: ed.privatePem,
          publicKey: ed.publicPem,
          decodeAlgorithms: ["HS256"],
        }),
    ).toThrow(/one family/);
  });

  it.each([
    ["EdDSA", ed],
    ["ES256", ec],
  ] as const)(
    "a %s verifier refuses HS256 tokens signed with its key's texts",
    async (algorithm, pair) => {
      const jwt = new JwtManager({
        algorithm,
        privateKey: pair.privatePem,
        publicKey: pair.publicPem,
      });
      await expect(jwt.decodeToken(await jwt.createAccessToken("alice"))).resolves.toBeTruthy();
      for (const secret of [openSshEd25519(), pair.publicPem]) {
        const forged = forge({ alg: "HS256", typ: "JWT" }, claims("admin"), Buffer.from(secret));
        await expect(jwt.decodeToken(forged)).rejects.toMatchObject({ status: 422 });
      }
    },
  );
});
