/**
 * The built `jwt-extended` bin, command by command: help, version, results on stdout,
 * usage errors (exit 2, one line and a hint, no stack), and verification's exit status 1
 * with the contract's messages.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuiltCli, buildCli, ROOT, runCli } from "../helpers/cli.ts";
import { ACCESS_CLAIM_ORDER } from "../helpers/tokens.ts";

const SECRET = "cli-test-secret-that-is-long-enough-for-hs256";
const ENV = { JWT_SECRET_KEY: SECRET };

let cli: BuiltCli;
let dir: string;
beforeAll(() => {
  cli = buildCli();
  dir = mkdtempSync(join(tmpdir(), "jwt-extended-cli-files-"));
}, 600_000);
afterAll(() => {
  cli?.remove();
  rmSync(dir, { recursive: true, force: true });
});

const jwt = (args: readonly string[], env: Record<string, string> = ENV, input?: string) =>
  runCli(cli, args, { env, ...(input === undefined ? {} : { input }) });

/** A token's claims, read without the CLI. */
const claimsOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split(".")[1] as string, "base64url").toString("utf8"));

const COMMANDS = ["keygen", "create", "decode", "verify", "jwks"];

describe("help and version", () => {
  it("--help lists every command, exit 0", async () => {
    const result = await jwt(["--help"]);
    expect(result.status).toBe(0);
    for (const name of COMMANDS) expect(result.stdout).toMatch(new RegExp(`^  ${name} `, "m"));
  });

  it("no command prints the help and exits 2", async () => {
    const result = await jwt([]);
    expect(result.status).toBe(2);
    expect(result.stdout).toContain("Commands:");
  });

  it.each(COMMANDS)("%s --help prints its usage, exit 0", async (name) => {
    const result = await jwt([name, "--help"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: jwt-extended ${name}`));
    expect(result.stderr).toBe("");
  });

  it("--version prints package.json's version", async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    const result = await jwt(["--version"]);
    expect(result).toMatchObject({ status: 0, stdout: `${version}\n` });
  });
});

describe("usage errors: exit 2, a one-line message and a hint, never a stack", () => {
  it.each([
    [["frobnicate"], /unknown command "frobnicate"/],
    [["create", "--identity", "a", "--nope"], /Unknown option '--nope'/],
    [["create"], /missing --identity/],
    [
      ["create", "--identity", "a", "--claims", "[1]"],
      /--claims: expected a JSON object, got an array/,
    ],
    [["create", "--identity", "a", "--claims", "{"], /--claims: expected a JSON object/],
    [["create", "--identity", "a", "--refresh", "--fresh"], /refresh tokens are never fresh/],
    [["create", "--identity", "a", "--expires", "soon"], /expiresDelta: expected a duration/],
    [["create", "--identity", "a", "--alg", "none"], /algorithm/],
    [
      ["create", "--identity", "a", "--secret-file", "/nonexistent/secret"],
      /cannot read \/nonexistent\/secret \(ENOENT\)/,
    ],
    [
      ["create", "--identity", "a", "s3cret"],
      /^jwt-extended create: unexpected argument: create takes flags only$/,
    ],
    [["keygen"], /missing --alg/],
    [["keygen", "--alg", "HS1"], /--alg: expected one of HS256/],
    [["keygen", "--alg", "RS256", "--bits", "1024"], /--bits/],
    [["decode"], /missing TOKEN/],
    [["verify", "a", "b"], /expected one TOKEN/],
    [["jwks"], /missing PEM file/],
  ])("%j", async (args, message) => {
    const result = await jwt(args);
    expect(result.status).toBe(2);
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(message);
    expect(lines[1]).toMatch(/^Try 'jwt-extended( \w+)? --help'\.$/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe("");
  });

  it("a missing key is a configuration error that names the option and the variable's source", async () => {
    const result = await jwt(["create", "--identity", "a"], {});
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /secretKey: expected a non-empty secret for algorithm HS256, got none/,
    );
  });

  it("a configuration error never prints the secret", async () => {
    const publicPem = (await jwt(["keygen", "--alg", "ES256", "--json"])).stdout;
    const { publicKey } = JSON.parse(publicPem);
    const result = await jwt(["create", "--identity", "a"], { JWT_SECRET_KEY: publicKey });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/expected an HMAC secret, got a PEM key/);
    expect(result.stderr).not.toContain("BEGIN");
  });
});

describe("keygen for HMAC", () => {
  it.each([
    ["HS256", 32],
    ["HS384", 48],
    ["HS512", 64],
  ])("%s prints a base64url secret of %i random bytes, alone on stdout", async (alg, bytes) => {
    const first = await jwt(["keygen", "--alg", alg]);
    const second = await jwt(["keygen", "--alg", alg]);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^[A-Za-z0-9_-]+\n$/);
    expect(Buffer.from(first.stdout.trim(), "base64url")).toHaveLength(bytes);
    expect(first.stdout).not.toBe(second.stdout);
  });

  it("its secret configures create and verify through JWT_SECRET_KEY_FILE", async () => {
    const path = join(dir, "secret.txt");
    writeFileSync(path, (await jwt(["keygen", "--alg", "HS512"])).stdout);
    const env = { JWT_SECRET_KEY_FILE: path, JWT_ALGORITHM: "HS512" };
    const token = (await jwt(["create", "--identity", "alice"], env)).stdout.trim();
    const verified = await jwt(["verify", token], env);
    expect(verified.status).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ sub: "alice", type: "access" });
  });
});

describe("create", () => {
  it("prints only the token, with the manager's claims and the given ones", async () => {
    const result = await jwt(["create", "--identity", "alice", "--claims", '{"role":"admin"}']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const claims = claimsOf(result.stdout.trim());
    expect(claims).toMatchObject({ sub: "alice", type: "access", fresh: false, role: "admin" });
    expect(Object.keys(claims)).toEqual([...ACCESS_CLAIM_ORDER, "role"]);
    expect((claims.exp as number) - (claims.iat as number)).toBe(900);
  });

  it("--refresh, --fresh and --expires", async () => {
    const refresh = claimsOf((await jwt(["create", "--identity", "a", "--refresh"])).stdout);
    expect(refresh.type).toBe("refresh");
    expect((refresh.exp as number) - (refresh.iat as number)).toBe(30 * 24 * 3600);
    const fresh = claimsOf(
      (await jwt(["create", "--identity", "a", "--fresh", "--expires", "2h"])).stdout,
    );
    expect(fresh).toMatchObject({ fresh: true, type: "access" });
    expect((fresh.exp as number) - (fresh.iat as number)).toBe(7200);
    const never = claimsOf((await jwt(["create", "--identity", "a", "--expires", "never"])).stdout);
    expect(never).not.toHaveProperty("exp");
  });

  it("--json prints the token with its header and claims", async () => {
    const result = await jwt(["create", "--identity", "a", "--json", "--kid", "k1"]);
    const document = JSON.parse(result.stdout);
    expect(document.header).toEqual({ alg: "HS256", typ: "JWT", kid: "k1" });
    expect(document.claims).toEqual(claimsOf(document.token));
  });

  it("flags win over the config file, which wins over JWT_* variables", async () => {
    const config = join(dir, "config.json");
    writeFileSync(config, JSON.stringify({ encodeIssuer: "from-file", accessTokenExpires: 60 }));
    const env = { ...ENV, JWT_ENCODE_ISSUER: "from-env", JWT_ENCODE_AUDIENCE: "from-env" };
    const fromFile = claimsOf(
      (await jwt(["create", "--identity", "a", "--config", config], env)).stdout,
    );
    expect(fromFile).toMatchObject({ iss: "from-file", aud: "from-env" });
    expect((fromFile.exp as number) - (fromFile.iat as number)).toBe(60);
    const token = (await jwt(["create", "--identity", "a", "-c", config, "--kid", "flag"], env))
      .stdout;
    expect(
      JSON.parse(Buffer.from(token.split(".")[0] as string, "base64url").toString()),
    ).toHaveProperty("kid", "flag");
  });

  it("a config file's unknown option is a usage error naming it", async () => {
    const config = join(dir, "bad-config.json");
    writeFileSync(config, JSON.stringify({ secretKey: SECRET, secret: "typo" }));
    const result = await jwt(["create", "--identity", "a", "--config", config], {});
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^jwt-extended create: secret: not an option of JwtManager$/m);
  });
});

describe("decode", () => {
  it("shows header, claims and times, labelled NOT VERIFIED, and needs no key", async () => {
    const token = (await jwt(["create", "--identity", "alice", "--expires", "15m"])).stdout.trim();
    const result = await jwt(["decode", token], {});
    expect(result.status).toBe(0);
    expect(result.stdout.split("\n")[0]).toMatch(/^NOT VERIFIED: /);
    expect(result.stdout).toContain('"sub": "alice"');
    expect(result.stdout).toMatch(
      /^ {2}exp {2}\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z {2}\(expires in 1[45] min\)$/m,
    );
    expect(result.stdout).toMatch(/^ {2}iat {2}\S+ {2}\(issued (now|\d+ (s|min) ago)\)$/m);
  });

  it("tells how long ago an expired token expired", async () => {
    const token = (await jwt(["create", "--identity", "a", "--expires=-3h"])).stdout.trim();
    const result = await jwt(["decode", "-"], {}, token);
    expect(result.stdout).toMatch(/\(expired 3 h ago\)/);
  });

  it("--json says verified: false, and stderr still says so", async () => {
    const token = (await jwt(["create", "--identity", "a"])).stdout.trim();
    const result = await jwt(["decode", token, "--json"], {});
    const document = JSON.parse(result.stdout);
    expect(document).toMatchObject({
      verified: false,
      header: { alg: "HS256" },
      claims: { sub: "a" },
    });
    expect(document.times.map((line: { claim: string }) => line.claim)).toEqual([
      "iat",
      "nbf",
      "exp",
    ]);
    expect(result.stderr).toMatch(/^NOT VERIFIED/);
  });

  it("a token that is not a JWT: exit 1 with the library's message", async () => {
    const result = await jwt(["decode", "abc.def"], {});
    expect(result).toMatchObject({ status: 1, stdout: "", stderr: "Not enough segments\n" });
  });
});

describe("verify", () => {
  it("exits 0 and prints the claims of a valid token, read from stdin with -", async () => {
    const token = (await jwt(["create", "--identity", "alice"])).stdout;
    const result = await jwt(["verify", "-"], ENV, token);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(claimsOf(token.trim()));
  });

  it("an expired token: exit 1 with the contract's message", async () => {
    const token = (await jwt(["create", "--identity", "a", "--expires=-1m"])).stdout.trim();
    const result = await jwt(["verify", token]);
    expect(result).toMatchObject({ status: 1, stdout: "", stderr: "Token has expired\n" });
    const allowed = await jwt(["verify", token, "--allow-expired"]);
    expect(allowed.status).toBe(0);
  });

  it.each([
    ["another secret", { JWT_SECRET_KEY: `${SECRET}-other` }, "Signature verification failed"],
    [
      "another audience",
      { ...ENV, JWT_DECODE_AUDIENCE: "api" },
      'Token is missing the "aud" claim',
    ],
  ])("a token checked with %s: exit 1, %s", async (_what, env, message) => {
    const token = (await jwt(["create", "--identity", "a"])).stdout.trim();
    const result = await jwt(["verify", token], env);
    expect(result).toMatchObject({ status: 1, stdout: "", stderr: `${message}\n` });
  });

  it("--csrf compares the double-submit value", async () => {
    const token = (await jwt(["create", "--identity", "a"])).stdout.trim();
    const { csrf } = claimsOf(token);
    expect((await jwt(["verify", token, "--csrf", String(csrf)])).status).toBe(0);
    const wrong = await jwt(["verify", token, "--csrf", "nope"]);
    expect(wrong).toMatchObject({ status: 1, stderr: "CSRF double submit tokens do not match\n" });
  });

  it("--json reports failures as a document too, with the error's code", async () => {
    const token = (await jwt(["create", "--identity", "a", "--expires=-1m"])).stdout.trim();
    const result = await jwt(["verify", token, "--json"]);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      valid: false,
      code: "EXPIRED",
      message: "Token has expired",
    });
  });
});
