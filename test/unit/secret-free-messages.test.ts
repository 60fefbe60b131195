/**
 * No configuration error, warning or log line contains key material or credentials. Each
 * bad configuration below holds a distinctive marker where the secret goes; the marker is
 * then searched for in the thrown message and in everything written as a warning or to
 * the console, by the library and by the demo (`npm start`) started with that
 * configuration in its environment.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { JwtManager, type JwtOptions, optionsFromEnv } from "jwt-extended";
import { afterEach, describe, expect, it, vi } from "vitest";
import { keyPair } from "../helpers/jws.ts";

const MARKER = "Zq7SECRETMARKERxW4";
/** A base64url text that holds the marker, for JWK members. */
const B64_MARKER = `${MARKER}${MARKER}`;

const ec = keyPair("ec256");
const ecJwk = ec.privateKey.export({ format: "jwk" });
const { kty: _kty, ...ecJwkWithoutKty } = ecJwk;

/** What the library wrote while `run` ran: warnings and console lines, as text. */
async function captured(run: () => unknown): Promise<{ thrown: string; written: string }> {
  const lines: string[] = [];
  const keep = (...args: unknown[]) => {
    lines.push(args.map(String).join(" "));
  };
  vi.spyOn(process, "emitWarning").mockImplementation(keep as typeof process.emitWarning);
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation(keep);
  }
  let thrown = "";
  try {
    await run();
  } catch (error) {
    thrown = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  vi.restoreAllMocks();
  return { thrown, written: lines.join("\n") };
}

afterEach(() => {
  vi.restoreAllMocks();
});

/** Bad configurations, each holding the marker (or a number standing for a secret) where a secret goes. */
const CONFIGURATIONS: readonly [string, JwtOptions, string?][] = [
  [
    "a private JWK without kty as secretKey",
    { secretKey: { ...ecJwkWithoutKty, d: B64_MARKER } as never },
  ],
  [
    "a private JWK without kty as privateKey",
    {
      algorithm: "ES256",
      privateKey: { ...ecJwkWithoutKty, d: B64_MARKER } as never,
      publicKey: ec.publicPem,
    },
  ],
  [
    "an oct JWK as privateKey",
    { algorithm: "ES256", privateKey: { kty: "oct", k: B64_MARKER }, publicKey: ec.publicPem },
  ],
  [
    "an oct JWK as publicKey",
    { algorithm: "ES256", privateKey: ec.privatePem, publicKey: { kty: "oct", k: B64_MARKER } },
  ],
  ["an oct JWK whose k is not text", { secretKey: { kty: "oct", k: [B64_MARKER] } as never }],
  ["a JWK whose kty is the secret", { secretKey: { kty: MARKER } }],
  ["a numeric secretKey", { secretKey: 918273645546372 as never }, "918273645546372"],
  ["a secretKey in a list", { secretKey: [MARKER] as never }],
  ["a boolean-wrapped secret object", { secretKey: { secret: MARKER } as never }],
  [
    "an oct JWK in decodeKeys without a kid",
    { secretKey: "x".repeat(40), decodeKeys: [{ kty: "oct", k: B64_MARKER }] as never },
  ],
  [
    "a decodeKeys entry that is a text",
    { secretKey: "x".repeat(40), decodeKeys: [MARKER] as never },
  ],
  [
    "a decodeKeys entry whose kid holds the key",
    {
      secretKey: "x".repeat(40),
      decodeKeys: [{ kid: { d: MARKER }, key: "y".repeat(40) }] as never,
    },
  ],
  [
    "a decodeKeys entry whose key is a JWK without kty",
    { secretKey: "x".repeat(40), decodeKeys: [{ kid: "old", key: { d: B64_MARKER } }] as never },
  ],
  [
    "a decodeKeys entry whose key is a number",
    { secretKey: "x".repeat(40), decodeKeys: [{ kid: "old", key: 918273645546372 }] as never },
    "918273645546372",
  ],
  [
    "a jwksUrl with user:pass@ over http",
    { jwksUrl: `http://user:${MARKER}@keys.example/jwks.json` },
  ],
  [
    "a jwksUrl with user:pass@ over https",
    { jwksUrl: `https://user:${MARKER}@keys.example/jwks.json` },
  ],
  ["a jwksUrl that does not parse", { jwksUrl: `https://user:${MARKER} @keys example/jwks.json` }],
  [
    "a jwksUrl given as an object",
    { jwksUrl: { href: `https://user:${MARKER}@keys.example/` } as never },
  ],
  ["a short secret (a warning)", { secretKey: MARKER }],
  ["a PEM private key as secretKey", { secretKey: ec.privatePem }, ec.privatePem.slice(40, 80)],
  [
    "an RSA private key PEM text where the EC key goes",
    { algorithm: "ES256", privateKey: keyPair("rsa").privatePem, publicKey: ec.publicPem },
    keyPair("rsa").privatePem.slice(40, 80),
  ],
];

describe("configuration errors and warnings", () => {
  it.each(CONFIGURATIONS)(
    "never quote the secret of %s",
    async (_what, options, secret = MARKER) => {
      const { thrown, written } = await captured(() => new JwtManager(options));
      expect(`${thrown}\n${written}`).not.toBe("\n");
      expect(thrown).not.toContain(secret);
      expect(written).not.toContain(secret);
    },
  );

  it.each([
    ["a JWK without kty", { ...ecJwkWithoutKty, d: B64_MARKER }],
    ["an oct JWK", { kty: "oct", k: B64_MARKER }],
    ["a number", 918273645546372],
    ["a public PEM", ec.publicPem],
  ])("never quote %s an encode-key loader returns", async (_what, key) => {
    const jwt = new JwtManager({
      algorithm: "ES256",
      publicKey: ec.publicPem,
      loaders: { encodeKey: () => key as never },
    });
    const { thrown, written } = await captured(() => jwt.createAccessToken("alice"));
    expect(thrown).toMatch(/encodeKey loader/);
    for (const secret of [MARKER, "918273645546372", ec.publicPem.slice(40, 80)]) {
      expect(thrown).not.toContain(secret);
      expect(written).not.toContain(secret);
    }
  });
});

/** `JWT_*` environments an operator might deploy by mistake, each with the marker. */
const ENVIRONMENTS: readonly [string, Record<string, string>][] = [
  ["JWT_SECRET_KEY as malformed JSON", { JWT_SECRET_KEY: `{"kty":"oct","k":"${B64_MARKER}"` }],
  ["JWT_SECRET_KEY as a JWK without kty", { JWT_SECRET_KEY: `{"d":"${B64_MARKER}"}` }],
  ["JWT_DECODE_KEYS as malformed JSON", { JWT_DECODE_KEYS: `[{"kid":"old","key":"${MARKER}"` }],
  [
    "JWT_DECODE_KEYS with a JWK without kty",
    {
      JWT_DECODE_KEYS: JSON.stringify([{ kid: "old", key: { ...ecJwkWithoutKty, d: B64_MARKER } }]),
    },
  ],
  [
    "JWT_DECODE_KEYS with a numeric key",
    { JWT_DECODE_KEYS: `[{"kid":"old","key":${"9".repeat(20)}}]` },
  ],
  [
    "JWT_PRIVATE_KEY as a JWK text",
    {
      JWT_ALGORITHM: "ES256",
      JWT_PRIVATE_KEY: `{"kty":"EC","d":"${B64_MARKER}"}`,
      JWT_PUBLIC_KEY: ec.publicPem,
    },
  ],
  [
    "JWT_JWKS_URL with credentials over http",
    { JWT_JWKS_URL: `http://user:${MARKER}@keys.example/jwks.json` },
  ],
  [
    "JWT_JWKS_URL with credentials over https",
    { JWT_JWKS_URL: `https://user:${MARKER}@keys.example/jwks.json` },
  ],
];

const secretsOf = (env: Record<string, string>): string[] =>
  Object.values(env).some((value) => value.includes("9".repeat(20)))
    ? [MARKER, "9".repeat(15)]
    : [MARKER];

describe("the JWT_* environment", () => {
  it.each(ENVIRONMENTS)(
    "never quotes the secret of %s in the manager's errors",
    async (_what, env) => {
      const { thrown, written } = await captured(
        () => new JwtManager({ ...optionsFromEnv({ JWT_SECRET_KEY: "x".repeat(40), ...env }) }),
      );
      for (const secret of secretsOf(env)) {
        expect(thrown).not.toContain(secret);
        expect(written).not.toContain(secret);
      }
    },
  );
});

const MAIN = fileURLToPath(new URL("../../examples/jwt-locations/main.ts", import.meta.url));
const TSX = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));

/** Runs the demo as `npm start` does, with `env`, until it exits or listens; its output. */
function runDemo(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [MAIN], {
      env: { PATH: process.env.PATH ?? "", PORT: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (output.includes("listening on")) child.kill("SIGTERM");
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, output }));
  });
}

/** The environments the demo is started with: each holds the marker; the last one starts. */
const DEMO_ENVIRONMENTS = ENVIRONMENTS.filter(([what]) =>
  [
    "JWT_DECODE_KEYS as malformed JSON",
    "JWT_DECODE_KEYS with a JWK without kty",
    "JWT_JWKS_URL with credentials over http",
  ].includes(what),
);

/**
 * Each case is a fresh Node process that compiles the demo with tsx and loads every
 * framework before it reads its configuration: 5 to 18 s on a busy 2-core machine.
 */
const DEMO_RUN_TIMEOUT_MS = 60_000;

describe("the demo started with a bad configuration", () => {
  it.each(DEMO_ENVIRONMENTS)(
    "prints why it cannot start without the secret of %s",
    async (_what, env) => {
      const { code, output } = await runDemo(env);
      expect(output).toMatch(/cannot start the demo: /);
      expect(code).toBe(1);
      for (const secret of secretsOf(env)) expect(output).not.toContain(secret);
    },
    DEMO_RUN_TIMEOUT_MS,
  );

  it(
    "starts with a malformed-JSON JWT_SECRET_KEY taken as text, printing nothing of it",
    async () => {
      const env = { JWT_SECRET_KEY: `{"kty":"oct","k":"${B64_MARKER}"` };
      const { output } = await runDemo(env);
      expect(output).toMatch(/listening on/);
      expect(output).not.toContain(MARKER);
    },
    DEMO_RUN_TIMEOUT_MS,
  );
});
