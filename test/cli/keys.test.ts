/**
 * The keys the built bin generates and publishes are the library's: keygen's PEM pairs
 * configure a JwtManager, keygen's JWK is the manager's own, and the JWK Set `jwks`
 * prints serves the library's JWKS client (and the bin's own verify) over loopback.
 */
import { createPublicKey } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JwtManager } from "jwt-extended";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuiltCli, buildCli, runCli } from "../helpers/cli.ts";
import { type Listening, listen } from "../helpers/listen.ts";

let cli: BuiltCli;
let dir: string;
beforeAll(() => {
  cli = buildCli();
  dir = mkdtempSync(join(tmpdir(), "jwt-extended-cli-keys-"));
}, 600_000);
afterAll(() => {
  cli?.remove();
  rmSync(dir, { recursive: true, force: true });
});

interface GeneratedPair {
  alg: string;
  kid: string;
  privateKey: string;
  publicKey: string;
  jwk: Record<string, unknown>;
}

async function keygen(alg: string): Promise<GeneratedPair> {
  const result = await runCli(cli, ["keygen", "--alg", alg, "--json"]);
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout);
}

describe.each(["RS256", "PS256", "ES256", "ES384", "ES512", "EdDSA"] as const)(
  "keygen --alg %s",
  (alg) => {
    it("prints a PEM pair that signs and verifies with JwtManager, and the manager's own JWK", async () => {
      const pair = await keygen(alg);
      expect(pair.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
      expect(pair.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
      const jwt = new JwtManager({
        algorithm: alg,
        privateKey: pair.privateKey,
        publicKey: pair.publicKey,
        encodeKeyId: pair.kid,
      });
      const token = await jwt.createAccessToken("alice");
      await expect(jwt.decodeToken(token)).resolves.toMatchObject({ sub: "alice" });
      expect(jwt.jwks().keys).toEqual([pair.jwk]);
      expect(pair.jwk).toMatchObject({ alg, use: "sig", kid: pair.kid });
      expect(pair.jwk).not.toHaveProperty("d");
    });
  },
);

describe("keygen's plain output and --out", () => {
  it("prints the private PEM, the public PEM and the JWK on one line", async () => {
    const result = await runCli(cli, ["keygen", "--alg", "ES256"]);
    const [privatePem, publicPem, jwkLine] = result.stdout.split(/(?<=-----END [A-Z ]+-----\n)/);
    expect(privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const jwk = JSON.parse(jwkLine as string);
    expect(createPublicKey(publicPem as string).export({ format: "jwk" })).toMatchObject({
      x: jwk.x,
      y: jwk.y,
    });
  });

  it("--out writes a private file only its owner reads, never over an existing one", async () => {
    const prefix = join(dir, "signing");
    const result = await runCli(cli, ["keygen", "--alg", "EdDSA", "--out", prefix]);
    expect(result.status).toBe(0);
    expect(statSync(`${prefix}.key`).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${prefix}.pub`, "utf8")).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(JSON.parse(result.stdout)).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA" });
    const again = await runCli(cli, ["keygen", "--alg", "EdDSA", "--out", prefix]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/signing\.key exists/);
  });
});

describe("jwks", () => {
  it("names a key by its RFC 7638 thumbprint (the RFC's own example key)", async () => {
    const n =
      "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
    const path = join(dir, "rfc7638.pub");
    writeFileSync(
      path,
      createPublicKey({ key: { kty: "RSA", n, e: "AQAB" }, format: "jwk" }).export({
        format: "pem",
        type: "spki",
      }),
    );
    const result = await runCli(cli, ["jwks", path]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      keys: [
        {
          kty: "RSA",
          use: "sig",
          alg: "RS256",
          kid: "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs",
          n,
          e: "AQAB",
        },
      ],
    });
  });

  it("prints public parts only, one key per distinct key, from private and public files", async () => {
    const rsa = await keygen("RS256");
    const ec = await keygen("ES384");
    writeFileSync(join(dir, "rsa.key"), rsa.privateKey);
    writeFileSync(join(dir, "rsa.pub"), rsa.publicKey);
    writeFileSync(join(dir, "ec.key"), ec.privateKey);
    const result = await runCli(cli, ["jwks", "rsa.key", "rsa.pub", "ec.key"], { cwd: dir });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ keys: [rsa.jwk, ec.jwk] });
    expect(result.stdout).not.toMatch(/"d"|PRIVATE/);
  });

  it("refuses a key the algorithm cannot use, as the server would", async () => {
    const ec = await keygen("ES256");
    writeFileSync(join(dir, "p256.pub"), ec.publicKey);
    const result = await runCli(cli, ["jwks", "--alg", "ES384", "p256.pub"], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /expected an EC P-384 key for algorithm ES384, got an EC P-256 key/,
    );
  });

  describe("served over loopback", () => {
    let server: Listening;
    let token: string;
    let wrongKeyToken: string;
    beforeAll(async () => {
      const current = await keygen("ES256");
      const other = await keygen("ES256");
      writeFileSync(join(dir, "current.key"), current.privateKey);
      writeFileSync(join(dir, "other.key"), other.privateKey);
      const document = (await runCli(cli, ["jwks", "current.key"], { cwd: dir })).stdout;
      server = await listen((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(document);
      });
      const create = (key: string) =>
        runCli(
          cli,
          [
            "create",
            "--identity",
            "alice",
            "--alg",
            "ES256",
            "--private-key",
            key,
            "--kid",
            current.kid,
          ],
          { cwd: dir },
        );
      token = (await create("current.key")).stdout.trim();
      // The right kid, the wrong key: what an attacker who knows the kid can do.
      wrongKeyToken = (await create("other.key")).stdout.trim();
    }, 60_000);
    afterAll(() => server?.close());

    it("verifies the bin's tokens in JwtManager's JWKS client, and refuses another key's", async () => {
      const jwt = new JwtManager({ algorithm: "ES256", jwksUrl: `${server.url}/jwks.json` });
      await expect(jwt.decodeToken(token)).resolves.toMatchObject({ sub: "alice" });
      await expect(jwt.decodeToken(wrongKeyToken)).rejects.toThrow("Signature verification failed");
    });

    it("verifies them in the bin's own verify with JWT_JWKS_URL", async () => {
      const env = { JWT_ALGORITHM: "ES256", JWT_JWKS_URL: `${server.url}/jwks.json` };
      const good = await runCli(cli, ["verify", token], { env });
      expect(good.status).toBe(0);
      expect(JSON.parse(good.stdout)).toMatchObject({ sub: "alice" });
      const bad = await runCli(cli, ["verify", wrongKeyToken], { env });
      expect(bad).toMatchObject({ status: 1, stderr: "Signature verification failed\n" });
    });
  });
});
