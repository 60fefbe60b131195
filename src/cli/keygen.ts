import { generateKeyPairSync, type KeyObject, randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { ALGORITHMS, type Algorithm } from "../config/option-values.ts";
import { jwkSetOf, thumbprint } from "./public-jwk.ts";
import { booleanFlag, type Command, printJson, textFlag, UsageError } from "./usage.ts";

const HELP = `Usage: jwt-extended keygen --alg ALG [--out PREFIX] [--json]

Generates a key for ALG (${ALGORITHMS.join(", ")}).

  HS*    prints a random secret of the hash's length (32, 48 or 64 bytes), base64url:
         the value of JWT_SECRET_KEY.
  others prints the PEM private key (JWT_PRIVATE_KEY), the PEM public key
         (JWT_PUBLIC_KEY) and the public JWK, whose kid is the key's RFC 7638
         thumbprint (give it as JWT_ENCODE_KEY_ID, so the server publishes this JWK).

Options:
      --alg ALG        the algorithm the key is for (required)
      --bits N         RSA modulus length for RS* and PS* (default 2048, at least 2048)
      --out PREFIX     write PREFIX.key (private, mode 600) and PREFIX.pub (public)
                       instead of printing them; the JWK is still printed
      --json           print {"alg", "kid", "privateKey", "publicKey", "jwk"}
                       ({"alg", "secret"} for HS*)
  -h, --help           this help

Examples:
  jwt-extended keygen --alg HS256 > secret.txt
  jwt-extended keygen --alg ES256 --out signing`;

/** The key pair `algorithm` needs. */
function generatePair(
  algorithm: Algorithm,
  bits: number,
): { privateKey: KeyObject; publicKey: KeyObject } {
  if (algorithm.startsWith("RS") || algorithm.startsWith("PS")) {
    return generateKeyPairSync("rsa", { modulusLength: bits });
  }
  if (algorithm === "EdDSA") return generateKeyPairSync("ed25519");
  const curve = { ES256: "P-256", ES384: "P-384", ES512: "P-521" }[algorithm as string];
  return generateKeyPairSync("ec", { namedCurve: curve as string });
}

function algorithmFlag(value: string | undefined): Algorithm {
  if (value === undefined) throw new UsageError("missing --alg");
  const algorithm = ALGORITHMS.find((name) => name === value);
  if (algorithm === undefined) {
    throw new UsageError(
      `--alg: expected one of ${ALGORITHMS.join(", ")}, got ${JSON.stringify(value)}`,
    );
  }
  return algorithm;
}

function bitsFlag(value: string | undefined): number {
  if (value === undefined) return 2048;
  const bits = Number(value);
  if (!Number.isInteger(bits) || bits < 2048 || bits > 16384) {
    throw new UsageError("--bits: expected a whole number from 2048 to 16384");
  }
  return bits;
}

/** Writes a new file, never over an existing one (a key is not replaced by accident). */
function writeNew(path: string, text: string, mode: number): void {
  if (existsSync(path))
    throw new UsageError(`--out: ${path} exists; remove it or pick another prefix`);
  writeFileSync(path, text, { mode, flag: "wx" });
}

export const keygen: Command = {
  name: "keygen",
  summary: "generate an HMAC secret, or a PEM key pair with its public JWK",
  help: HELP,
  options: { alg: { type: "string" }, bits: { type: "string" }, out: { type: "string" } },
  async run(args) {
    const algorithm = algorithmFlag(textFlag(args, "alg"));
    const bits = bitsFlag(textFlag(args, "bits"));
    const out = textFlag(args, "out");
    if (algorithm.startsWith("HS")) {
      if (out !== undefined)
        throw new UsageError("--out: HS* secrets are printed; redirect them to a file");
      const secret = randomBytes(Number(algorithm.slice(2)) / 8).toString("base64url");
      if (booleanFlag(args, "json")) printJson({ alg: algorithm, secret });
      else process.stdout.write(`${secret}\n`);
      return 0;
    }
    const pair = generatePair(algorithm, bits);
    const privateKey = pair.privateKey.export({ format: "pem", type: "pkcs8" }) as string;
    const publicKey = pair.publicKey.export({ format: "pem", type: "spki" }) as string;
    const kid = thumbprint(pair.publicKey);
    const [jwk] = jwkSetOf([{ publicKey: pair.publicKey, algorithm, kid }]).keys;
    if (out !== undefined) {
      writeNew(`${out}.key`, privateKey, 0o600);
      writeNew(`${out}.pub`, publicKey, 0o644);
      process.stderr.write(`wrote ${out}.key (private) and ${out}.pub (public); kid ${kid}\n`);
    }
    if (booleanFlag(args, "json")) {
      printJson(
        out === undefined
          ? { alg: algorithm, kid, privateKey, publicKey, jwk }
          : { alg: algorithm, kid, jwk },
      );
    } else {
      if (out === undefined) process.stdout.write(privateKey + publicKey);
      process.stdout.write(`${JSON.stringify(jwk)}\n`);
    }
    return 0;
  },
};
