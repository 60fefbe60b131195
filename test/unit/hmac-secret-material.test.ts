/**
 * Key material is never accepted as an HMAC secret: at least everything PyJWT refuses
 * (its `is_pem_format` and `is_ssh_key`), checked side by side with the installed PyJWT,
 * and also the bare base64 body of a key whose header lines were cut off, DER bytes of
 * private keys, and secret KeyObjects made from a key's text. Keys are generated here.
 */
import { spawnSync } from "node:child_process";
import { createSecretKey, generateKeyPairSync, randomBytes } from "node:crypto";
import { JwtManager } from "jwt-extended";
import { describe, expect, it } from "vitest";
import { PYTHON } from "../helpers/python-peer.ts";

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
const ed = generateKeyPairSync("ed25519");

/** A PEM block's base64 body: the header and footer lines cut off, line breaks kept. */
const bodyOf = (pem: string): string =>
  pem
    .split("\n")
    .filter((line) => !line.startsWith("-----") && line.length > 0)
    .join("\n");

const pem = (key: { export(options: object): string | Buffer }, options: object): string =>
  key.export({ ...options, format: "pem" }).toString();

/** An OpenSSH certificate made with ssh-keygen (an Ed25519 user key signed by an Ed25519 CA). */
const SSH_CERTIFICATE =
  "ssh-ed25519-cert-v01@openssh.com AAAAIHNzaC1lZDI1NTE5LWNlcnQtdjAxQG9wZW5zc2guY29tAAAAIDBoIq5MlHqnKTpQqMlTEUKhUf+tFEBGrEVhUIl9w8f8AAAAIH43m5nxMiqgc3L5GboLe3xY9K6lRcQRRhrf0F4GNLMSAAAAAAAAAAAAAAABAAAABHRlc3QAAAAJAAAABWFsaWNlAAAAAAAAAAD//////////wAAAAAAAACCAAAAFXBlcm1pdC1YMTEtZm9yd2FyZGluZwAAAAAAAAAXcGVybWl0LWFnZW50LWZvcndhcmRpbmcAAAAAAAAAFnBlcm1pdC1wb3J0LWZvcndhcmRpbmcAAAAAAAAACnBlcm1pdC1wdHkAAAAAAAAADnBlcm1pdC11c2VyLXJjAAAAAAAAAAAAAAAzAAAAC3NzaC1lZDI1NTE5AAAAIGK21joY3+g49i8mGvJFW7KlZ7JMZHyyMhR4LoxffMpMAAAAUwAAAAtzc2gtZWQyNTUxOQAAAEA57ZERZ0m8Anj6HBW50j+bTX+kvkm1El7bZWfIunjEZlROcBbjNC1AZxiaGVOk2HjLcuOshd2sYuKkz8fh89EM alice@example";

/** The same user key as `ssh-keygen -e` writes it (RFC 4716). */
const SSH2_PUBLIC_KEY = [
  "---- BEGIN SSH2 PUBLIC KEY ----",
  'Comment: "256-bit ED25519"',
  "AAAAC3NzaC1lZDI1NTE5AAAAIH43m5nxMiqgc3L5GboLe3xY9K6lRcQRRhrf0F4GNLMS",
  "---- END SSH2 PUBLIC KEY ----",
].join("\n");

/** A self-signed P-256 certificate made with openssl. */
const CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIBeDCCAR+gAwIBAgIUQOYGxAs2JJsJD9njeAl80RLXI6MwCgYIKoZIzj0EAwIw
EjEQMA4GA1UEAwwHZXhhbXBsZTAeFw0yNjEyMDIwMTUyNTNaFw0zNjExMjkwMTUy
NTNaMBIxEDAOBgNVBAMMB2V4YW1wbGUwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNC
AATVBqfmVIy5R92/oGHiKleb6DyUDdj3sZEhTSK8xeX0scCGhpDFGzUS7iYL4a4m
tQPwFPNfN0cZwq6rFfLBYpgWo1MwUTAdBgNVHQ4EFgQUaXkZ6aS7n3fWDEY4YoPT
KLQoeogwHwYDVR0jBBgwFoAUaXkZ6aS7n3fWDEY4YoPTKLQoeogwDwYDVR0TAQH/
BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiBh/d3Cpub8nm5cy8Fq4qhqFmcqCwJI
SNx+n3AI9IVfjAIgCtJ/vHmmGHyYdfX2Q6ItdG15NWuTu9W9pERwBpujCqk=
-----END CERTIFICATE-----
`;

const rsaPublicPem = pem(rsa.publicKey, { type: "spki" });

/** Texts that PyJWT refuses as HMAC secrets. */
const REFUSED_BY_PYJWT: readonly [string, string][] = [
  ["an OpenSSH certificate", SSH_CERTIFICATE],
  ["an OpenSSH certificate without its comment", SSH_CERTIFICATE.replace(/ alice@example$/, "")],
  ["an RFC 4716 SSH2 public key", SSH2_PUBLIC_KEY],
  ["a secret that names an OpenSSH key type", "my-ssh-rsa-secret-of-more-than-32-bytes"],
  ["an authorized_keys line with options", `no-pty ${SSH_CERTIFICATE}`],
  ["a PEM public key", rsaPublicPem],
  ["a PEM certificate", CERTIFICATE],
  ["a PEM private key", pem(ec.privateKey, { type: "pkcs8" })],
];

/** Texts PyJWT takes as secrets, and this library refuses. */
const REFUSED_HERE_ONLY: readonly [string, string][] = [
  ["the base64 body of a PEM public key, line breaks kept", bodyOf(rsaPublicPem)],
  ["the base64 body of a PEM public key on one line", bodyOf(rsaPublicPem).replace(/\n/g, "")],
  ["the base64 body of a PKCS#1 public key", bodyOf(pem(rsa.publicKey, { type: "pkcs1" }))],
  ["the base64 body of an Ed25519 public key", bodyOf(pem(ed.publicKey, { type: "spki" }))],
  ["the base64 body of a PKCS#8 private key", bodyOf(pem(rsa.privateKey, { type: "pkcs8" }))],
  ["the base64 body of a SEC1 EC private key", bodyOf(pem(ec.privateKey, { type: "sec1" }))],
  ["the base64 body of a certificate", bodyOf(CERTIFICATE)],
  [
    "a public key's DER body in URL-safe base64",
    rsa.publicKey.export({ type: "spki", format: "der" }).toString("base64url"),
  ],
  [
    "the base64 body of an OpenSSH key",
    "AAAAC3NzaC1lZDI1NTE5AAAAIH43m5nxMiqgc3L5GboLe3xY9K6lRcQRRhrf0F4GNLMS",
  ],
  ["a PEM public key after junk", `#\u0000 ${rsaPublicPem}`],
];

/** Which of `secrets` PyJWT's HMAC algorithm refuses (`prepare_key` raises). */
function refusedByPyJwt(secrets: readonly string[]): boolean[] {
  const script = [
    "import json, sys",
    "from jwt.algorithms import HMACAlgorithm",
    "from jwt.exceptions import InvalidKeyError",
    "hmac = HMACAlgorithm(HMACAlgorithm.SHA256)",
    "def refused(secret):",
    "    try:",
    "        hmac.prepare_key(secret)",
    "        return False",
    "    except InvalidKeyError:",
    "        return True",
    "print(json.dumps([refused(s) for s in json.load(sys.stdin)]))",
  ].join("\n");
  const run = spawnSync(PYTHON, ["-c", script], {
    input: JSON.stringify(secrets),
    encoding: "utf8",
  });
  if (run.status !== 0) {
    throw new Error(`PyJWT (${PYTHON}, python3-jwt) is needed for this comparison: ${run.stderr}`);
  }
  return JSON.parse(run.stdout) as boolean[];
}

const refusal = /secretKey: expected an HMAC secret, got /;

describe("key material offered as an HMAC secret", () => {
  it("is refused by PyJWT in every case this table calls PyJWT's", () => {
    expect(refusedByPyJwt(REFUSED_BY_PYJWT.map(([, text]) => text))).toEqual(
      REFUSED_BY_PYJWT.map(() => true),
    );
  });

  it.each(REFUSED_BY_PYJWT)("refuses %s, as PyJWT does", (_what, secretKey) => {
    expect(() => new JwtManager({ secretKey })).toThrow(refusal);
  });

  it("names an OpenSSH certificate as one", () => {
    expect(() => new JwtManager({ secretKey: SSH_CERTIFICATE })).toThrow(/an OpenSSH certificate/);
  });

  it.each(REFUSED_HERE_ONLY)("refuses %s", (_what, secretKey) => {
    expect(() => new JwtManager({ secretKey })).toThrow(refusal);
  });

  it.each([
    ["a PKCS#8 private key", ec.privateKey.export({ type: "pkcs8", format: "der" })],
    ["a PKCS#1 private key", rsa.privateKey.export({ type: "pkcs1", format: "der" })],
    ["an Ed25519 public key", ed.publicKey.export({ type: "spki", format: "der" })],
  ])("refuses the DER bytes of %s", (_what, der) => {
    expect(() => new JwtManager({ secretKey: der })).toThrow(/DER-encoded/);
  });

  it("refuses a secret KeyObject made from a PEM public key", () => {
    const secretKey = createSecretKey(Buffer.from(rsaPublicPem));
    expect(() => new JwtManager({ secretKey })).toThrow(/a PEM key or certificate/);
  });

  it("refuses the base64 body of a public key in an oct JWK's k, and as a decode key", () => {
    const k = Buffer.from(bodyOf(rsaPublicPem)).toString("base64url");
    expect(() => new JwtManager({ secretKey: { kty: "oct", k } })).toThrow(refusal);
    expect(
      () =>
        new JwtManager({
          secretKey: randomBytes(32).toString("base64"),
          decodeKeys: [{ kid: "old", key: bodyOf(rsaPublicPem) }],
        }),
    ).toThrow(/decodeKeys\[0\]\.key: expected an HMAC secret/);
  });

  it("never quotes the refused material in the message", () => {
    for (const [, secretKey] of [...REFUSED_BY_PYJWT, ...REFUSED_HERE_ONLY]) {
      let message = "";
      try {
        new JwtManager({ secretKey });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(refusal);
      expect(message).not.toContain(secretKey.slice(8, 40));
    }
  });
});

describe("random secrets", () => {
  it.each([
    ["base64", (bytes: Buffer) => bytes.toString("base64")],
    ["base64url", (bytes: Buffer) => bytes.toString("base64url")],
    ["hex", (bytes: Buffer) => bytes.toString("hex")],
  ] as const)("are accepted in %s, however many are drawn", (_encoding, encode) => {
    for (let i = 0; i < 200; i++) {
      const secretKey = encode(randomBytes(32 + (i % 48)));
      expect(() => new JwtManager({ secretKey })).not.toThrow();
    }
  });

  it("are accepted as raw bytes, including bytes that start like DER", () => {
    for (let i = 0; i < 200; i++) {
      const secretKey = randomBytes(48);
      secretKey[0] = 0x30;
      secretKey[1] = i % 2 === 0 ? 46 : 0x81;
      expect(() => new JwtManager({ secretKey })).not.toThrow();
    }
  });
});
