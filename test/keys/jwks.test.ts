/**
 * JWK Sets: the document the demo serves at `/.well-known/jwks.json` is a valid JWK Set
 * (RFC 7517 §5) of public keys only, and a manager configured with `jwksUrl` verifies
 * tokens with keys fetched from a loopback server: cached, refetched at most once per
 * interval for unknown key ids, and never from a URL a token names.
 */
import { createPublicKey, type JsonWebKey, verify as verifySignature } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { JwtManager } from "jwt-extended";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_FRAMEWORKS } from "../../examples/jwt-locations/server.ts";
import { startDemo } from "../helpers/demo-server.ts";
import { claims, forge, keyPair, type Pair } from "../helpers/jws.ts";
import { decodeUnverified } from "../helpers/tokens.ts";

const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];
const B64URL = /^[A-Za-z0-9_-]+$/;
const REQUIRED: Record<string, string[]> = {
  RSA: ["n", "e"],
  EC: ["crv", "x", "y"],
  OKP: ["crv", "x"],
};
const ALGS: Record<string, RegExp> = {
  RSA: /^(RS|PS)(256|384|512)$/,
  EC: /^ES(256|384|512)$/,
  OKP: /^EdDSA$/,
};

/** The reasons `document` is not a valid JWK Set of public signature keys; empty if it is. */
function jwkSetProblems(document: unknown): string[] {
  const problems: string[] = [];
  const keys = (document as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) return ["no non-empty keys array"];
  const ids = new Set<string>();
  keys.forEach((key: Record<string, unknown>, index) => {
    const at = `keys[${index}]`;
    const kty = String(key.kty);
    if (!(kty in REQUIRED)) problems.push(`${at}.kty ${kty} is not RSA, EC or OKP`);
    for (const member of REQUIRED[kty] ?? []) {
      if (typeof key[member] !== "string") problems.push(`${at}.${member} is missing`);
    }
    for (const member of ["n", "e", "x", "y"]) {
      if (key[member] !== undefined && !B64URL.test(String(key[member]))) {
        problems.push(`${at}.${member} is not unpadded base64url`);
      }
    }
    for (const member of PRIVATE_MEMBERS) {
      if (member in key) problems.push(`${at} holds the private member ${member}`);
    }
    if (key.use !== "sig") problems.push(`${at}.use is not "sig"`);
    if (!ALGS[kty]?.test(String(key.alg)))
      problems.push(`${at}.alg ${key.alg} does not fit ${kty}`);
    if (key.kid !== undefined && typeof key.kid !== "string")
      problems.push(`${at}.kid is not a string`);
    const id = `${key.kid}/${key.alg}`;
    if (ids.has(id)) problems.push(`${at} repeats kid and alg ${id}`);
    ids.add(id);
    try {
      const imported = createPublicKey({ key: key as JsonWebKey, format: "jwk" });
      if (imported.type !== "public") problems.push(`${at} is not a public key`);
    } catch {
      problems.push(`${at} cannot be imported`);
    }
  });
  return problems;
}

const HASH: Record<string, string | null> = {
  RS256: "sha256",
  ES256: "sha256",
  ES384: "sha384",
  EdDSA: null,
};

/** Verifies `token` with the JWK of its kid, with node:crypto alone. */
function verifiesWith(token: string, document: { keys: JsonWebKey[] }): boolean {
  const [h, p, s] = token.split(".") as [string, string, string];
  const { kid, alg } = decodeUnverified(token).header as { kid: string; alg: string };
  const jwk = document.keys.find((key) => key.kid === kid && key.alg === alg);
  if (!jwk) return false;
  const key = createPublicKey({ key: jwk, format: "jwk" });
  const options = alg.startsWith("ES") ? { key, dsaEncoding: "ieee-p1363" as const } : key;
  return verifySignature(
    HASH[alg] ?? null,
    Buffer.from(`${h}.${p}`),
    options,
    Buffer.from(s, "base64url"),
  );
}

const demoEnv = (algorithm: string, pair: Pair, kid: string): Record<string, string> => ({
  JWT_ALGORITHM: algorithm,
  JWT_PRIVATE_KEY: pair.privatePem,
  JWT_PUBLIC_KEY: pair.publicPem,
  JWT_ENCODE_KEY_ID: kid,
});

describe.each(DEMO_FRAMEWORKS)("GET /.well-known/jwks.json on the demo on %s", (framework) => {
  it.each([
    ["RS256", keyPair("rsa")],
    ["ES256", keyPair("ec256")],
    ["ES384", keyPair("ec384")],
    ["EdDSA", keyPair("ed25519")],
  ] as const)(
    "serves a valid JWK Set of the %s public key, which verifies the demo's tokens",
    async (algorithm, pair) => {
      const demo = await startDemo({
        framework,
        env: demoEnv(algorithm, pair, `${algorithm}-key`),
      });
      try {
        const res = await fetch(`${demo.url}/.well-known/jwks.json`);
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toMatch(/^application\/json/);
        const document = (await res.json()) as { keys: JsonWebKey[] };
        expect(jwkSetProblems(document)).toEqual([]);
        expect(document.keys).toHaveLength(1);
        expect(document.keys[0]).toMatchObject({
          kid: `${algorithm}-key`,
          alg: algorithm,
          use: "sig",
        });
        const login = await fetch(`${demo.url}/login_without_cookies`, { method: "POST" });
        const { access_token } = (await login.json()) as { access_token: string };
        expect(verifiesWith(access_token, document)).toBe(true);
      } finally {
        await demo.close();
      }
    },
  );

  it("answers 404 when the demo signs with an HMAC secret: secrets are never published", async () => {
    const demo = await startDemo({ framework });
    try {
      const res = await fetch(`${demo.url}/.well-known/jwks.json`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain("test-secret");
    } finally {
      await demo.close();
    }
  });
});

/** A loopback JWK Set server whose document can change, counting the fetches. */
class JwksServer {
  document: unknown = { keys: [] };
  fetches = 0;
  #server: Server | undefined;
  url = "";

  async start(): Promise<this> {
    this.#server = createServer((_req, res) => {
      this.fetches++;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(this.document));
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/keys/jwks.json`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server?.close(() => resolve()));
  }
}

const publicJwk = (pair: Pair, extra: Record<string, unknown>): JsonWebKey => ({
  ...pair.publicKey.export({ format: "jwk" }),
  use: "sig",
  ...extra,
});

describe("verifying against a remote JWK Set (jwksUrl)", () => {
  const current = keyPair("rsa", "remote-current");
  const next = keyPair("rsa", "remote-next");
  let jwks: JwksServer;
  let attacker: JwksServer;

  beforeAll(async () => {
    attacker = await new JwksServer().start();
  });
  afterAll(() => attacker.close());

  beforeEach(async () => {
    jwks = await new JwksServer().start();
    jwks.document = { keys: [publicJwk(current, { kid: "current", alg: "RS256" })] };
  });
  afterEach(() => jwks.close());

  const token = (pair: Pair, header: Record<string, unknown>, sub = "alice") =>
    forge({ alg: "RS256", typ: "JWT", ...header }, claims(sub), pair.privateKey);
  const verifier = (extra: Record<string, unknown> = {}) =>
    new JwtManager({ algorithm: "RS256", jwksUrl: jwks.url, ...extra });

  it("verifies a token whose kid is in the set, fetching the set once", async () => {
    const jwt = verifier();
    for (let i = 0; i < 20; i++) {
      await expect(jwt.decodeToken(token(current, { kid: "current" }))).resolves.toMatchObject({
        sub: "alice",
      });
    }
    expect(jwks.fetches).toBe(1);
  });

  it("verifies the demo's tokens with the demo's own JWK Set", async () => {
    const demo = await startDemo({ env: demoEnv("RS256", current, "demo-key") });
    try {
      const login = await fetch(`${demo.url}/login_without_cookies`, { method: "POST" });
      const { access_token } = (await login.json()) as { access_token: string };
      const jwt = new JwtManager({
        algorithm: "RS256",
        jwksUrl: `${demo.url}/.well-known/jwks.json`,
      });
      await expect(jwt.decodeToken(access_token)).resolves.toMatchObject({ sub: "example_user" });
    } finally {
      await demo.close();
    }
  });

  it("refetches for unknown kids at most once per interval", async () => {
    const jwt = verifier({ jwksRefetchInterval: 60 });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => jwt.decodeToken(token(current, { kid: `random-${i}` }))),
    );
    expect(results.every((result) => result.status === "rejected")).toBe(true);
    expect(jwks.fetches).toBeLessThanOrEqual(1);
  });

  it("picks up a key published later, once the interval has passed", async () => {
    const jwt = verifier({ jwksRefetchInterval: 0.2 });
    await expect(jwt.decodeToken(token(next, { kid: "next" }))).rejects.toMatchObject({
      status: 422,
    });
    jwks.document = {
      keys: [
        publicJwk(current, { kid: "current", alg: "RS256" }),
        publicJwk(next, { kid: "next", alg: "RS256" }),
      ],
    };
    await new Promise((resolve) => setTimeout(resolve, 250));
    await expect(jwt.decodeToken(token(next, { kid: "next" }))).resolves.toMatchObject({
      sub: "alice",
    });
  });

  it.each([
    ["a key for encryption", { use: "enc", alg: "RS256" }],
    ["a key whose key_ops exclude verify", { key_ops: ["encrypt"], alg: "RS256" }],
    ["a key bound to another algorithm", { alg: "PS256" }],
    ["a key bound to an algorithm that is not allowed", { alg: "RS512" }],
  ])("refuses a token verified by %s", async (_what, extra) => {
    jwks.document = { keys: [publicJwk(current, { kid: "current", ...extra })] };
    await expect(verifier().decodeToken(token(current, { kid: "current" }))).rejects.toMatchObject({
      status: 422,
    });
  });

  it("refuses a JWK that publishes private parts, or a secret", async () => {
    jwks.document = {
      keys: [
        { ...current.privateKey.export({ format: "jwk" }), kid: "current", alg: "RS256" },
        { kty: "oct", k: "c2VjcmV0", kid: "secret", alg: "HS256" },
      ],
    };
    await expect(verifier().decodeToken(token(current, { kid: "current" }))).rejects.toMatchObject({
      status: 422,
    });
    const hs = forge({ alg: "HS256", kid: "secret" }, claims(), Buffer.from("secret"));
    await expect(verifier().decodeToken(hs)).rejects.toMatchObject({ status: 422 });
  });

  it("refuses a key without alg when two allowed algorithms fit it", async () => {
    jwks.document = { keys: [publicJwk(current, { kid: "current" })] };
    const both = verifier({ decodeAlgorithms: ["PS256"] });
    await expect(both.decodeToken(token(current, { kid: "current" }))).rejects.toMatchObject({
      status: 422,
    });
    await expect(verifier().decodeToken(token(current, { kid: "current" }))).resolves.toBeTruthy();
  });

  it("refuses an RSA key under 2048 bits", async () => {
    const weak = keyPair("rsa1024");
    jwks.document = { keys: [publicJwk(weak, { kid: "weak", alg: "RS256" })] };
    await expect(verifier().decodeToken(token(weak, { kid: "weak" }))).rejects.toMatchObject({
      status: 422,
    });
  });

  it("fails closed when the JWK Set cannot be fetched", async () => {
    await jwks.close();
    await expect(verifier().decodeToken(token(current, { kid: "current" }))).rejects.toMatchObject({
      status: 422,
    });
    jwks = await new JwksServer().start();
  });

  it("never fetches the jku or x5u a token names, nor trusts its jwk", async () => {
    const attackerKey = keyPair("rsa", "attacker");
    attacker.document = { keys: [publicJwk(attackerKey, { kid: "current", alg: "RS256" })] };
    const forged = token(
      attackerKey,
      {
        kid: "current",
        jku: attacker.url,
        x5u: attacker.url,
        jwk: publicJwk(attackerKey, { kid: "current", alg: "RS256" }),
      },
      "admin",
    );
    await expect(verifier().decodeToken(forged)).rejects.toMatchObject({ status: 422 });
    const local = new JwtManager({
      algorithm: "RS256",
      privateKey: current.privatePem,
      publicKey: current.publicPem,
    });
    await expect(local.decodeToken(forged)).rejects.toMatchObject({ status: 422 });
    expect(attacker.fetches).toBe(0);
  });

  it.each([
    ["plain http to another host", "http://example.com/jwks.json"],
    ["a relative URL", "/jwks.json"],
    ["a URL with credentials", "https://user:pass@example.com/jwks.json"],
    ["another scheme", "file:///etc/jwks.json"],
  ])("refuses %s at construction", (_what, jwksUrl) => {
    expect(() => new JwtManager({ algorithm: "RS256", jwksUrl })).toThrow(/jwksUrl/);
  });

  it("accepts an https URL and needs no key of its own to verify", () => {
    expect(
      () => new JwtManager({ algorithm: "RS256", jwksUrl: "https://issuer.example/jwks.json" }),
    ).not.toThrow();
  });
});
