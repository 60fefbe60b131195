/**
 * JWK Sets: the document the demo serves at `/.well-known/jwks.json` is a valid JWK Set
 * (RFC 7517 §5) of public keys only, and a manager configured with `jwksUrl` verifies
 * tokens with keys fetched from a loopback server: cached, refetched at most once per
 * interval for unknown key ids, and never from a URL a token names.
 */
import { createPublicKey, type JsonWebKey, verify as verifySignature } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { JwtManager, optionsFromEnv } from "jwt-extended";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { DEMO_FRAMEWORKS } from "../../examples/jwt-locations/server.ts";
import { DEFAULT_OPTIONS } from "../../src/config/option-table.ts";
import { RemoteJwks } from "../../src/token/jwks.ts";
import { loginWithoutCookies } from "../helpers/demo-login.ts";
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
        const { access: access_token } = await loginWithoutCookies(demo.url);
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

/**
 * A loopback JWK Set server whose document and status can change, counting the fetches;
 * it can answer late (`delay`, ms) or never (`hang`), and counts requests abandoned
 * unanswered.
 */
class JwksServer {
  document: unknown = { keys: [] };
  status = 200;
  delay = 0;
  hang = false;
  fetches = 0;
  abandoned = 0;
  #server: Server | undefined;
  url = "";

  async start(): Promise<this> {
    this.#server = createServer((_req, res) => {
      this.fetches++;
      res.on("close", () => {
        if (!res.writableEnded) this.abandoned++;
      });
      if (this.hang) return;
      const body = JSON.stringify(this.document);
      const status = this.status;
      setTimeout(() => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(body);
      }, this.delay);
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/keys/jwks.json`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#server?.close(() => resolve());
      this.#server?.closeAllConnections();
    });
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
      const { access: access_token } = await loginWithoutCookies(demo.url);
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

  it("verifies with each key one kid names for another algorithm", async () => {
    const ec = keyPair("ec256");
    jwks.document = {
      keys: [
        publicJwk(current, { kid: "shared", alg: "RS256" }),
        publicJwk(ec, { kid: "shared", alg: "ES256" }),
      ],
    };
    const jwt = verifier({ decodeAlgorithms: ["RS256", "ES256"] });
    await expect(jwt.decodeToken(token(current, { kid: "shared" }))).resolves.toBeTruthy();
    const es = forge({ alg: "ES256", typ: "JWT", kid: "shared" }, claims(), ec.privateKey);
    await expect(jwt.decodeToken(es)).resolves.toBeTruthy();
  });

  it("uses the first of two keys one kid names for the same algorithm", async () => {
    jwks.document = {
      keys: [
        publicJwk(current, { kid: "shared", alg: "RS256" }),
        publicJwk(next, { kid: "shared", alg: "RS256" }),
      ],
    };
    const jwt = verifier();
    await expect(jwt.decodeToken(token(current, { kid: "shared" }))).resolves.toBeTruthy();
    await expect(jwt.decodeToken(token(next, { kid: "shared" }))).rejects.toMatchObject({
      status: 422,
    });
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

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const accepts = (jwt: JwtManager, jws: string) =>
    expect(jwt.decodeToken(jws)).resolves.toMatchObject({ sub: "alice" });
  const refuses = (jwt: JwtManager, jws: string) =>
    expect(jwt.decodeToken(jws)).rejects.toMatchObject({ status: 422 });

  it("refuses a key removed from the set once jwksCacheTtl has passed, and verifies its successor", async () => {
    const jwt = verifier({ jwksCacheTtl: 0.2 });
    await accepts(jwt, token(current, { kid: "current" }));
    jwks.document = { keys: [publicJwk(next, { kid: "next", alg: "RS256" })] };
    await sleep(300);
    for (let i = 0; i < 10; i++) await refuses(jwt, token(current, { kid: "current" }));
    await accepts(jwt, token(next, { kid: "next" }));
  });

  it("fails closed once jwksCacheTtl has passed while the set answers 503", async () => {
    const jwt = verifier({ jwksCacheTtl: 0.2, jwksRefetchInterval: 0.05 });
    await accepts(jwt, token(current, { kid: "current" }));
    jwks.status = 503;
    await sleep(300);
    for (let i = 0; i < 10; i++) await refuses(jwt, token(current, { kid: "current" }));
  });

  it("with jwksStaleIfError, keeps verifying with the last set while the set answers 503", async () => {
    const jwt = verifier({ jwksCacheTtl: 0.2, jwksStaleIfError: 60 });
    await accepts(jwt, token(current, { kid: "current" }));
    jwks.status = 503;
    await sleep(300);
    await accepts(jwt, token(current, { kid: "current" }));
    expect(jwks.fetches).toBe(2);
  });

  it("with jwksStaleIfError, refuses once jwksCacheTtl and the window have passed", async () => {
    const jwt = verifier({ jwksCacheTtl: 0.2, jwksStaleIfError: 0.2, jwksRefetchInterval: 0.05 });
    await accepts(jwt, token(current, { kid: "current" }));
    jwks.status = 503;
    await sleep(500);
    await refuses(jwt, token(current, { kid: "current" }));
  });

  it("with jwksStaleIfError, still refuses a key the last set fetched lacks", async () => {
    const jwt = verifier({ jwksCacheTtl: 0.2, jwksStaleIfError: 60 });
    await accepts(jwt, token(current, { kid: "current" }));
    jwks.document = { keys: [publicJwk(next, { kid: "next", alg: "RS256" })] };
    await sleep(300);
    await accepts(jwt, token(next, { kid: "next" }));
    jwks.status = 503;
    await sleep(300);
    await refuses(jwt, token(current, { kid: "current" }));
    await accepts(jwt, token(next, { kid: "next" }));
  });

  it("reads jwksStaleIfError from JWT_JWKS_STALE_IF_ERROR, off by default, never negative", () => {
    expect(optionsFromEnv({ JWT_JWKS_STALE_IF_ERROR: "120" })).toEqual({ jwksStaleIfError: 120 });
    expect(DEFAULT_OPTIONS.jwksStaleIfError).toBe(0);
    expect(() => verifier({ jwksStaleIfError: -1 })).toThrow(/jwksStaleIfError/);
  });

  it("fetches the set once for 50 forged tokens naming a key of the set", async () => {
    const jwt = verifier({ decodeAlgorithms: ["RS256", "PS256"] });
    await accepts(jwt, token(current, { kid: "current" }));
    const forger = keyPair("rsa", "forger");
    const junk = token(current, { kid: "current" }).replace(/\.[^.]+$/, ".AAAA");
    const otherAlg = forge(
      { alg: "PS256", typ: "JWT", kid: "current" },
      claims(),
      forger.privateKey,
    );
    for (let i = 0; i < 25; i++) {
      await refuses(jwt, junk);
      await refuses(jwt, otherAlg);
    }
    expect(jwks.fetches).toBe(1);
  });

  /** A RemoteJwks on the loopback set, with a clock the test moves (ms). */
  const remoteWithClock = () => {
    const clock = { now: 0 };
    const remote = new RemoteJwks({
      url: jwks.url,
      cacheTtl: 60,
      refetchInterval: 30,
      algorithms: ["RS256"],
      now: () => clock.now,
    });
    return { remote, clock };
  };
  const hammer = async (remote: RemoteJwks, kid: string) => {
    for (let i = 0; i < 50; i++) expect(await remote.keysFor(kid)).toBeUndefined();
    const concurrent = await Promise.all(Array.from({ length: 50 }, () => remote.keysFor(kid)));
    expect(concurrent.every((keys) => keys === undefined)).toBe(true);
  };

  it("fetches the set no more for old tokens of a removed key than the expiry and the interval allow", async () => {
    const { remote, clock } = remoteWithClock();
    expect(await remote.keysFor("current")).toHaveLength(1);
    jwks.document = { keys: [publicJwk(next, { kid: "next", alg: "RS256" })] };
    clock.now = 60_000;
    await hammer(remote, "current");
    // The first fetch, and the one of the expired set.
    expect(jwks.fetches).toBe(2);
    clock.now = 89_999;
    await hammer(remote, "current");
    expect(jwks.fetches).toBe(2);
    clock.now = 90_000;
    await hammer(remote, "current");
    expect(jwks.fetches).toBe(3);
  });

  it("under a stream of tokens with unknown and removed kids, fetches at most once per jwksRefetchInterval", async () => {
    const interval = 0.1;
    const jwt = verifier({ jwksRefetchInterval: interval });
    const start = performance.now();
    await accepts(jwt, token(current, { kid: "current" }));
    let round = 0;
    while (performance.now() - start < 1000) {
      round++;
      await Promise.all([
        refuses(jwt, token(current, { kid: `unknown-${round}` })),
        refuses(jwt, token(next, { kid: "removed" })),
        refuses(jwt, token(current, { kid: "current" }).replace(/\.[^.]+$/, ".AAAA")),
      ]);
    }
    const elapsed = performance.now() - start;
    expect(jwks.fetches).toBeGreaterThan(1);
    expect(jwks.fetches).toBeLessThanOrEqual(Math.floor(elapsed / (interval * 1000)) + 1);
  });

  it("shares one fetch among concurrent requests on first use", async () => {
    jwks.delay = 100;
    const jwt = verifier();
    await Promise.all(
      Array.from({ length: 30 }, () => accepts(jwt, token(current, { kid: "current" }))),
    );
    expect(jwks.fetches).toBe(1);
  });

  it("shares one fetch among concurrent requests once the set expired", async () => {
    jwks.delay = 100;
    const { remote, clock } = remoteWithClock();
    await remote.keysFor("current");
    clock.now = 60_000;
    const keys = await Promise.all(Array.from({ length: 30 }, () => remote.keysFor("current")));
    expect(keys.every((bound) => bound?.length === 1)).toBe(true);
    expect(jwks.fetches).toBe(2);
  });

  it("asks a set that answers 503 once per jwksRefetchInterval, not once per request", async () => {
    const jwt = verifier({ jwksCacheTtl: 0.2, jwksRefetchInterval: 30 });
    await accepts(jwt, token(current, { kid: "current" }));
    jwks.status = 503;
    await sleep(300);
    for (let i = 0; i < 25; i++) await refuses(jwt, token(current, { kid: "current" }));
    await Promise.all(
      Array.from({ length: 25 }, (_, i) => refuses(jwt, token(current, { kid: `other-${i}` }))),
    );
    expect(jwks.fetches).toBe(2);
  });

  it("aborts a fetch the set does not answer in time, and refuses the token", async () => {
    jwks.hang = true;
    const remote = new RemoteJwks({
      url: jwks.url,
      cacheTtl: 600,
      refetchInterval: 30,
      algorithms: ["RS256"],
      timeout: 200,
    });
    await expect(remote.keysFor("current")).resolves.toBeUndefined();
    await vi.waitFor(() => expect(jwks.abandoned).toBe(1));
  });
});
