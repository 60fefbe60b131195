/**
 * The checks of RFC 8725 (JWT Best Current Practices), one behaviour per test, on the
 * manager's `decodeToken` with tokens forged by hand (test/helpers/jws.ts).
 */
import { createSecretKey } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ConfigurationError, JwtManager } from "jwt-extended";
import { describe, expect, it } from "vitest";
import {
  b64url,
  claims,
  forge,
  keyPair,
  signature,
  signingInput,
  unsigned,
} from "../helpers/jws.ts";

const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";
const secret = Buffer.from(secretKey);
const hs = (payload = claims(), header: Record<string, unknown> = {}) =>
  forge({ alg: "HS256", typ: "JWT", ...header }, payload, secret);

const invalid = (message?: string | RegExp) => ({
  code: "DECODE",
  status: 422,
  ...(message === undefined
    ? {}
    : { message: typeof message === "string" ? message : expect.stringMatching(message) }),
});

describe("the algorithm allow-list", () => {
  const jwt = new JwtManager({ secretKey });

  it("verifies a token of the configured algorithm", async () => {
    await expect(jwt.decodeToken(hs())).resolves.toMatchObject({ sub: "example_user" });
  });

  it("refuses an algorithm outside decodeAlgorithms, even with the right secret", async () => {
    const token = forge({ alg: "HS384", typ: "JWT" }, claims(), secret);
    await expect(jwt.decodeToken(token)).rejects.toMatchObject(
      invalid("The specified alg value is not allowed"),
    );
  });

  it.each(["none", "None", "NONE", "nOnE"])("refuses alg %j, unsigned", async (alg) => {
    await expect(jwt.decodeToken(unsigned(alg, claims()))).rejects.toMatchObject({ status: 422 });
  });

  it.each(["none", "NONE"])("refuses alg %j even with an HMAC signature", async (alg) => {
    const input = signingInput({ alg, typ: "JWT" }, claims());
    const token = `${input}.${signature("HS256", secret, input)}`;
    await expect(jwt.decodeToken(token)).rejects.toMatchObject(
      invalid("The specified alg value is not allowed"),
    );
  });

  it("refuses an algorithm name in another case (hs256)", async () => {
    const input = signingInput({ alg: "hs256", typ: "JWT" }, claims());
    const token = `${input}.${signature("HS256", secret, input)}`;
    await expect(jwt.decodeToken(token)).rejects.toMatchObject(
      invalid("The specified alg value is not allowed"),
    );
  });

  it("binds an RSA key to its one algorithm: RS256 does not accept PS256 by the same key", async () => {
    const { privatePem, publicPem, privateKey } = keyPair("rsa");
    const signer = new JwtManager({
      algorithm: "RS256",
      privateKey: privatePem,
      publicKey: publicPem,
    });
    const verifier = new JwtManager({
      algorithm: "RS256",
      privateKey: privatePem,
      publicKey: publicPem,
      encodeKeyId: "current",
    });
    await expect(verifier.decodeToken(await signer.createAccessToken("a"))).resolves.toBeTruthy();
    const ps = forge({ alg: "PS256", typ: "JWT", kid: "current" }, claims(), privateKey);
    await expect(verifier.decodeToken(ps)).rejects.toMatchObject(
      invalid("The specified alg value is not allowed"),
    );
  });

  it("lets decodeAlgorithms bind one secret to several HS algorithms on purpose", async () => {
    const both = new JwtManager({ secretKey, decodeAlgorithms: ["HS512"] });
    const token = forge({ alg: "HS512", typ: "JWT" }, claims(), secret);
    await expect(both.decodeToken(token)).resolves.toBeTruthy();
  });
});

describe("keys bound at configuration", () => {
  const rsa = keyPair("rsa");

  it("refuses an empty, missing or empty-Buffer secret", () => {
    expect(() => new JwtManager({ secretKey: "" })).toThrow(ConfigurationError);
    expect(() => new JwtManager({})).toThrow(/secretKey/);
    expect(() => new JwtManager({ secretKey: Buffer.alloc(0) })).toThrow(/secretKey/);
  });

  it("accepts a secret KeyObject and a JWK of type oct", async () => {
    const fromKeyObject = new JwtManager({ secretKey: createSecretKey(secret) });
    await expect(fromKeyObject.decodeToken(hs())).resolves.toBeTruthy();
    const fromJwk = new JwtManager({ secretKey: { kty: "oct", k: b64url(secret) } });
    await expect(fromJwk.decodeToken(hs())).resolves.toBeTruthy();
  });

  it.each([
    ["a PEM public key", rsa.publicPem],
    ["a PEM public key after white space", `\n  ${rsa.publicPem}`],
    ["a PEM public key after junk bytes", `\u200b\u0000# key\n${rsa.publicPem}`],
    ["a PKCS#1 public key", rsa.publicKey.export({ type: "pkcs1", format: "pem" }).toString()],
    ["a JWK's JSON text", JSON.stringify(rsa.publicKey.export({ format: "jwk" }))],
    ["a JWK Set's JSON text", JSON.stringify({ keys: [rsa.publicKey.export({ format: "jwk" })] })],
    ["an OpenSSH public key", `ssh-ed25519 ${"A".repeat(68)} user@host`],
  ])("refuses %s as an HMAC secret", (_what, key) => {
    expect(() => new JwtManager({ secretKey: key })).toThrow(/secretKey: expected an HMAC secret/);
  });

  it("refuses DER public-key bytes as an HMAC secret", () => {
    const der = rsa.publicKey.export({ type: "spki", format: "der" });
    expect(() => new JwtManager({ secretKey: der })).toThrow(/DER-encoded public key/);
  });

  it("refuses an asymmetric KeyObject as an HMAC secret", () => {
    expect(() => new JwtManager({ secretKey: rsa.publicKey })).toThrow(/expected a secret/);
  });

  it.each([
    ["an RSA key of 1024 bits for RS256", "RS256", "rsa1024", /at least 2048 bits/],
    ["a P-384 key for ES256", "ES256", "ec384", /EC P-256 key/],
    ["a P-256 key for ES512", "ES512", "ec256", /EC P-521 key/],
    ["an Ed25519 key for RS256", "RS256", "ed25519", /RSA key/],
    ["an RSA key for EdDSA", "EdDSA", "rsa", /Ed25519 or Ed448/],
  ] as const)("refuses %s", (_what, algorithm, kind, message) => {
    const pair = keyPair(kind);
    expect(
      () => new JwtManager({ algorithm, privateKey: pair.privatePem, publicKey: pair.publicPem }),
    ).toThrow(message);
  });

  it("refuses a private key where the public key goes, and the reverse", () => {
    expect(
      () =>
        new JwtManager({
          algorithm: "RS256",
          privateKey: rsa.privatePem,
          publicKey: rsa.privatePem,
        }),
    ).toThrow(/publicKey: expected a public key, got a private key/);
    expect(
      () =>
        new JwtManager({ algorithm: "RS256", privateKey: rsa.publicPem, publicKey: rsa.publicPem }),
    ).toThrow(/privateKey: expected a PEM private key/);
  });

  it("accepts KeyObjects and JWKs for asymmetric keys", async () => {
    const ec = keyPair("ec256");
    const jwt = new JwtManager({
      algorithm: "ES256",
      privateKey: ec.privateKey,
      publicKey: ec.publicKey.export({ format: "jwk" }),
    });
    await expect(jwt.decodeToken(await jwt.createAccessToken("a"))).resolves.toBeTruthy();
  });

  it("refuses a kid given twice for one algorithm", () => {
    expect(
      () =>
        new JwtManager({
          secretKey,
          encodeKeyId: "a",
          decodeKeys: [{ kid: "a", key: `${secretKey}-old` }],
        }),
    ).toThrow(/given twice/);
  });
});

describe("the strict compact form", () => {
  const jwt = new JwtManager({ secretKey });
  const valid = hs();
  const [h, p, s] = valid.split(".") as [string, string, string];

  it.each([
    ["two segments", `${h}.${p}`],
    ["four segments", `${h}.${p}.${s}.${s}`],
    ["an empty header", `.${p}.${s}`],
    ["an empty payload", `${h}..${s}`],
    ["an empty signature", `${h}.${p}.`],
    ["base64 padding", `${h}=.${p}.${s}`],
    ["a space", `${h}.${p} .${s}`],
    ["a plus sign", `${h}.${p}.${s.slice(0, -1)}+`],
    ["a slash", `${h}.${p}/.${s}`],
    ["a newline", `${h}.\n${p}.${s}`],
    ["a segment whose length is 1 modulo 4", `${h}.${p}A.${s}`],
  ])("refuses %s", async (_what, token) => {
    await expect(jwt.decodeToken(token)).rejects.toMatchObject({ status: 422 });
  });

  it("refuses a non-canonical signature encoding (trailing bits set)", async () => {
    // A 32-byte HMAC is 43 characters: the last one carries 2 unused bits.
    const last = s[s.length - 1] as string;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const sibling = alphabet[alphabet.indexOf(last) + 1] as string;
    const token = `${h}.${p}.${s.slice(0, -1)}${sibling}`;
    expect(Buffer.from(token.split(".")[2] as string, "base64url")).toEqual(
      Buffer.from(s, "base64url"),
    );
    await expect(jwt.decodeToken(token)).rejects.toMatchObject(invalid("Invalid crypto padding"));
  });

  it.each([
    ["a header that is an array", ["HS256"], claims()],
    ["a header that is a string", '"HS256"', claims()],
    ["a header that is null", "null", claims()],
    ["a payload that is an array", { alg: "HS256" }, [claims()]],
    ["a payload that is a number", { alg: "HS256" }, 42],
    ["a payload that is not JSON", { alg: "HS256" }, "{sub: 1}"],
    ["a payload with a byte order mark", { alg: "HS256" }, `\uFEFF${JSON.stringify(claims())}`],
  ] as const)("refuses %s", async (_what, header, payload) => {
    const input = signingInput(header as never, payload as never);
    const token = `${input}.${signature("HS256", secret, input)}`;
    await expect(jwt.decodeToken(token)).rejects.toMatchObject({ status: 422 });
  });

  it("refuses a payload that is not valid UTF-8", async () => {
    const [before, after] = JSON.stringify(claims("@@")).split("@@") as [string, string];
    const broken = Buffer.concat([
      Buffer.from(before),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(after),
    ]);
    const input = `${b64url(JSON.stringify({ alg: "HS256" }))}.${b64url(broken)}`;
    const token = `${input}.${signature("HS256", secret, input)}`;
    await expect(jwt.decodeToken(token)).rejects.toMatchObject(
      invalid("Invalid payload string: not valid UTF-8"),
    );
  });

  it.each([
    ["a numeric alg", { alg: 256 }],
    ["a null alg", { alg: null }],
    ["a numeric kid", { alg: "HS256", kid: 7 }],
  ])("refuses %s", async (_what, header) => {
    const input = signingInput(header, claims());
    const token = `${input}.${signature("HS256", secret, input)}`;
    await expect(jwt.decodeToken(token)).rejects.toMatchObject({ status: 422 });
  });
});

describe("the crit header", () => {
  const jwt = new JwtManager({ secretKey });

  it.each([
    ["an extension nobody understands", { crit: ["x-policy"], "x-policy": "mfa" }],
    ["a registered name", { crit: ["exp"] }],
    ["an empty list", { crit: [] }],
    ["a string", { crit: "x-policy", "x-policy": 1 }],
    ["b64 (RFC 7797), which is not supported", { crit: ["b64"], b64: false }],
  ])("refuses %s", async (_what, header) => {
    await expect(jwt.decodeToken(hs(claims(), header))).rejects.toMatchObject({ status: 422 });
  });

  it("does not echo the client's crit entries in the message", async () => {
    const token = hs(claims(), { crit: ["x-<script>"], "x-<script>": 1 });
    await expect(jwt.decodeToken(token)).rejects.toThrow(
      "The token has an unsupported critical header.",
    );
  });
});

describe("NumericDate claims", () => {
  const jwt = new JwtManager({ secretKey });
  const raw = (text: string) => {
    const input = signingInput({ alg: "HS256", typ: "JWT" }, text);
    return `${input}.${signature("HS256", secret, input)}`;
  };
  /** The claims' JSON text with `claim` written as the literal `literal` (not JSON.stringify'd). */
  const withLiteral = (claim: string, literal: string): string => {
    const { [claim]: _dropped, ...rest } = claims();
    return `${JSON.stringify(rest).slice(0, -1)},"${claim}":${literal}}`;
  };

  it.each([
    ["exp as a string", { exp: String(Math.floor(Date.now() / 1000) + 60) }],
    ["exp as true", { exp: true }],
    ["nbf as a string", { nbf: "0" }],
    ["iat as a string", { iat: "yesterday" }],
    ["iat as true", { iat: true }],
    ["iat as an object", { iat: {} }],
  ])("refuses %s", async (_what, extra) => {
    await expect(jwt.decodeToken(hs(claims("example_user", extra)))).rejects.toMatchObject({
      status: 422,
    });
  });

  it.each([
    ["exp of 1e400 (Infinity)", "exp", "1e400", "Expiration Time claim (exp) must be an integer."],
    ["nbf of -1e400", "nbf", "-1e400", "Not Before claim (nbf) must be an integer."],
    ["iat of 1e400", "iat", "1e400", "Issued At claim (iat) must be an integer."],
  ])("refuses %s", async (_what, claim, literal, message) => {
    await expect(jwt.decodeToken(raw(withLiteral(claim, literal)))).rejects.toMatchObject(
      invalid(message),
    );
  });

  it("refuses an exp of -1e400 instead of treating it as a plain expiry", async () => {
    await expect(jwt.decodeToken(raw(withLiteral("exp", "-1e400")))).rejects.toMatchObject({
      status: 422,
    });
  });
});

describe("the leeway", () => {
  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, "5"])(
    "refuses %j at construction",
    (leeway) => {
      expect(() => new JwtManager({ secretKey, decodeLeeway: leeway as number })).toThrow(
        /decodeLeeway: expected a finite, non-negative number/,
      );
    },
  );
});

describe("the signature is verified before any claim is reported", () => {
  const jwt = new JwtManager({ secretKey, decodeAudience: "api", decodeIssuer: "me" });
  const wrong = Buffer.from(`${secretKey}-not-it`);
  const now = Math.floor(Date.now() / 1000);

  it.each([
    ["expired", { exp: now - 3600, aud: "api", iss: "me" }],
    ["not yet valid", { nbf: now + 3600, aud: "api", iss: "me" }],
    ["for another audience", { aud: "web", iss: "me" }],
    ["from another issuer", { aud: "api", iss: "them" }],
    ["without aud and iss", {}],
    ["with an exp of the wrong type", { exp: "soon", aud: "api", iss: "me" }],
  ])("a forged token %s reports the bad signature", async (_what, extra) => {
    const token = forge({ alg: "HS256", typ: "JWT" }, claims("example_user", extra), wrong);
    await expect(jwt.decodeToken(token)).rejects.toMatchObject(
      invalid("Signature verification failed"),
    );
  });

  it("a forged token without the identity claim reports the bad signature", async () => {
    const token = forge({ alg: "HS256" }, { aud: "api", iss: "me" }, wrong);
    await expect(jwt.decodeToken(token)).rejects.toMatchObject(
      invalid("Signature verification failed"),
    );
  });
});

describe("aud and iss are compared exactly", () => {
  const jwt = new JwtManager({ secretKey, decodeAudience: "api", decodeIssuer: "https://issuer" });
  const good = { aud: "api", iss: "https://issuer" };

  it("accepts the exact values, and an aud list holding the audience", async () => {
    await expect(jwt.decodeToken(hs(claims("example_user", good)))).resolves.toBeTruthy();
    const list = { ...good, aud: ["web", "api"] };
    await expect(jwt.decodeToken(hs(claims("example_user", list)))).resolves.toBeTruthy();
  });

  it.each([
    ["an aud prefix", { aud: "ap" }],
    ["an aud extension", { aud: "api2" }],
    ["an aud in another case", { aud: "API" }],
    ["an aud with white space", { aud: " api" }],
    ["an aud list without it", { aud: ["apis", "a"] }],
    ["an iss prefix", { iss: "https://issue" }],
    ["an iss extension", { iss: "https://issuer.evil" }],
    ["an iss that is a list", { iss: ["https://issuer"] }],
    ["an iss in another case", { iss: "HTTPS://ISSUER" }],
  ])("refuses %s", async (_what, extra) => {
    await expect(
      jwt.decodeToken(hs(claims("example_user", { ...good, ...extra }))),
    ).rejects.toMatchObject({
      status: 422,
    });
  });
});

describe("kid is only a key into the configured keys", () => {
  const jwt = new JwtManager({
    secretKey,
    encodeKeyId: "current",
    decodeKeys: [{ kid: "previous", key: `${secretKey}-previous` }],
  });

  it("selects the key by kid", async () => {
    await expect(jwt.decodeToken(hs(claims(), { kid: "current" }))).resolves.toBeTruthy();
    const old = forge(
      { alg: "HS256", kid: "previous" },
      claims(),
      Buffer.from(`${secretKey}-previous`),
    );
    await expect(jwt.decodeToken(old)).resolves.toBeTruthy();
  });

  it("does not let a kid pick a key for a signature made with another", async () => {
    await expect(jwt.decodeToken(hs(claims(), { kid: "previous" }))).rejects.toMatchObject(
      invalid("Signature verification failed"),
    );
  });

  it.each(["__proto__", "constructor", "toString", "hasOwnProperty", "", "current ", "CURRENT"])(
    "treats kid %j as unknown",
    async (kid) => {
      await expect(jwt.decodeToken(hs(claims(), { kid }))).rejects.toMatchObject(invalid(/key id/));
    },
  );

  it("ignores kid when no key is configured with one (tokens of the Python library)", async () => {
    const plain = new JwtManager({ secretKey });
    await expect(plain.decodeToken(hs(claims(), { kid: "anything" }))).resolves.toBeTruthy();
  });

  it("does not echo the kid in the message", async () => {
    await expect(jwt.decodeToken(hs(claims(), { kid: "<img src=x>" }))).rejects.toThrow(
      "The token key id is unknown.",
    );
  });
});

describe("the token size limit", () => {
  it("refuses a token over maxTokenSize before decoding it", async () => {
    const jwt = new JwtManager({ secretKey, maxTokenSize: 512 });
    const big = hs(claims("example_user", { pad: "x".repeat(600) }));
    await expect(jwt.decodeToken(big)).rejects.toThrow("Token too large: the limit is 512 bytes");
    await expect(jwt.decodeToken("x".repeat(10_000))).rejects.toThrow(/Token too large/);
  });

  it("accepts tokens up to 8 KiB by default", async () => {
    const jwt = new JwtManager({ secretKey });
    const token = hs(claims("example_user", { pad: "x".repeat(5000) }));
    expect(token.length).toBeLessThan(8192);
    await expect(jwt.decodeToken(token)).resolves.toBeTruthy();
    await expect(
      jwt.decodeToken(hs(claims("example_user", { pad: "x".repeat(7000) }))),
    ).rejects.toThrow(/Token too large: the limit is 8192 bytes/);
  });
});

describe("jwk, jku and x5u headers", () => {
  it("are ignored: no key is taken from the token and no URL it names is fetched", async () => {
    const hits: string[] = [];
    const attacker = createServer((req, res) => {
      hits.push(String(req.url));
      res.end("{}");
    });
    await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
    try {
      const mallory = keyPair("rsa", "mallory");
      const rsa = keyPair("rsa");
      const header = {
        jku: `${url}/jwks.json`,
        x5u: `${url}/cert.pem`,
        jwk: mallory.publicKey.export({ format: "jwk" }),
      };
      const asymmetric = new JwtManager({
        algorithm: "RS256",
        privateKey: rsa.privatePem,
        publicKey: rsa.publicPem,
      });
      const forgedRs = forge({ alg: "RS256", ...header }, claims("admin"), mallory.privateKey);
      await expect(asymmetric.decodeToken(forgedRs)).rejects.toMatchObject(
        invalid("Signature verification failed"),
      );
      const hmac = new JwtManager({ secretKey });
      const forgedHs = forge(
        { alg: "HS256", ...header, jwk: { kty: "oct", k: b64url("k") } },
        claims("admin"),
        Buffer.from("k"),
      );
      await expect(hmac.decodeToken(forgedHs)).rejects.toMatchObject(
        invalid("Signature verification failed"),
      );
      expect(hits).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => attacker.close(() => resolve()));
    }
  });
});
