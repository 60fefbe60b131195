import {
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  type JsonWebKey,
  KeyObject,
} from "node:crypto";
import type { Algorithm, KeyInput } from "../config/option-values.ts";
import { ConfigurationError } from "../errors.ts";
import { keyMaterialIn } from "./public-material.ts";

/**
 * Turning configured key material into typed `KeyObject`s, and checking that each fits
 * the one algorithm it is bound to. This is where the algorithm-confusion family of
 * attacks is closed: a key is never classified by sniffing its text at verification time,
 * so a public key can never end up used as an HMAC secret.
 */

/** What a key is used for: signing needs a secret or a private key, verifying a secret or a public key. */
export type KeyUse = "sign" | "verify";

/** Whether an algorithm signs with a shared secret (HS*), rather than a key pair. */
export const isHmac = (algorithm: Algorithm): boolean => algorithm.startsWith("HS");

/** Everything before the PEM header must be white space, and the header must be a real one. */
const PEM_HEADER = /-----BEGIN ([A-Z0-9 ]+)-----/;
const PUBLIC_PEM_LABELS = new Set(["PUBLIC KEY", "RSA PUBLIC KEY", "CERTIFICATE"]);
const PRIVATE_PEM_LABELS = new Set(["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"]);

const JWK_TYPES = new Set(["RSA", "EC", "OKP", "oct"]);
const PRIVATE_JWK_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "k"] as const;

/** Whether `value` is a JSON Web Key object (as opposed to a `KeyObject` or a Buffer). */
export const isJwk = (value: unknown): value is JsonWebKey =>
  value !== null &&
  typeof value === "object" &&
  !Buffer.isBuffer(value) &&
  !(value instanceof KeyObject) &&
  typeof (value as { kty?: unknown }).kty === "string";

const textOf = (input: string | Buffer): string =>
  typeof input === "string" ? input : input.toString("latin1");

/** Throws when `input` is, or holds, key material (see {@link keyMaterialIn}). */
function refuseKeyMaterial(input: string | Buffer, name: string): void {
  const material = keyMaterialIn(input);
  if (material !== undefined) {
    throw new ConfigurationError(
      `${name}: expected an HMAC secret, got ${material}; a key that may be public cannot be an HMAC secret`,
    );
  }
}

function secretFrom(input: KeyInput, name: string): KeyObject {
  if (input instanceof KeyObject) {
    if (input.type !== "secret") {
      throw new ConfigurationError(
        `${name}: expected a secret for an HS* algorithm, got a ${input.type} key`,
      );
    }
    if ((input.symmetricKeySize ?? 0) === 0) {
      throw new ConfigurationError(`${name}: expected a non-empty secret, got an empty secret`);
    }
    // A secret KeyObject made from a PEM text is still that text.
    refuseKeyMaterial(input.export(), name);
    return input;
  }
  if (isJwk(input)) {
    if (input.kty !== "oct" || typeof input.k !== "string") {
      // The type is named only when it is a known one: the object's text is never quoted.
      const type = JWK_TYPES.has(input.kty as string) ? `of type ${input.kty}` : "of another type";
      const got = input.kty === "oct" ? "of type oct without a k member" : type;
      throw new ConfigurationError(
        `${name}: expected a secret for an HS* algorithm, got a JSON Web Key ${got}`,
      );
    }
    return secretFrom(Buffer.from(input.k, "base64url"), name);
  }
  if (typeof input !== "string" && !Buffer.isBuffer(input)) {
    throw new ConfigurationError(
      `${name}: expected a string, a Buffer, a KeyObject or a JSON Web Key`,
    );
  }
  if (input.length === 0) {
    // An HMAC over an empty key authenticates nothing: anyone can compute it.
    throw new ConfigurationError(`${name}: expected a non-empty secret, got an empty secret`);
  }
  refuseKeyMaterial(input, name);
  return createSecretKey(typeof input === "string" ? Buffer.from(input, "utf8") : input);
}

/** The PEM text of `input`, refusing anything but white space before the header. */
function pemOf(input: string | Buffer, name: string, labels: ReadonlySet<string>): string {
  // ASCII white space only: `String#trim` would also drop a BOM or a Unicode space.
  const text = textOf(input).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");
  const header = PEM_HEADER.exec(text);
  if (header === null || header.index !== 0 || !labels.has(header[1] as string)) {
    const wanted = labels.has("PUBLIC KEY")
      ? "a PEM public key or certificate"
      : "a PEM private key";
    throw new ConfigurationError(`${name}: expected ${wanted}, got something else`);
  }
  return text;
}

function asymmetricFrom(input: KeyInput, name: string, use: KeyUse): KeyObject {
  const wantedType = use === "sign" ? "private" : "public";
  if (input instanceof KeyObject) {
    if (input.type !== wantedType) {
      throw new ConfigurationError(
        `${name}: expected a ${wantedType} key, got a ${input.type} key`,
      );
    }
    return input;
  }
  try {
    if (isJwk(input)) {
      if (input.kty === "oct") {
        throw new ConfigurationError(`${name}: expected a ${wantedType} key, got a secret`);
      }
      const isPrivate = PRIVATE_JWK_MEMBERS.some((member) => member in input);
      if (use === "verify" && isPrivate) {
        // A verifier has no use for private parts; holding them only widens what can leak.
        throw new ConfigurationError(`${name}: expected a public key, got a private JSON Web Key`);
      }
      return use === "sign"
        ? createPrivateKey({ key: input, format: "jwk" })
        : createPublicKey({ key: input, format: "jwk" });
    }
    if (typeof input !== "string" && !Buffer.isBuffer(input)) {
      throw new ConfigurationError(
        `${name}: expected a string, a Buffer, a KeyObject or a JSON Web Key`,
      );
    }
    if (use === "verify") {
      if (PRIVATE_PEM_LABELS.has(PEM_HEADER.exec(textOf(input))?.[1] ?? "")) {
        throw new ConfigurationError(`${name}: expected a public key, got a private key`);
      }
      return createPublicKey(pemOf(input, name, PUBLIC_PEM_LABELS));
    }
    return createPrivateKey(pemOf(input, name, PRIVATE_PEM_LABELS));
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    // Node's message names the parsing step, never the key's bytes; still, keep it out.
    throw new ConfigurationError(`${name}: the ${wantedType} key could not be read`);
  }
}

const CURVES: Partial<Record<Algorithm, { curve: string; label: string }>> = {
  ES256: { curve: "prime256v1", label: "P-256" },
  ES384: { curve: "secp384r1", label: "P-384" },
  ES512: { curve: "secp521r1", label: "P-521" },
};

const CURVE_LABELS: Record<string, string> = {
  prime256v1: "P-256",
  secp384r1: "P-384",
  secp521r1: "P-521",
  secp256k1: "secp256k1",
};

/** The smallest RSA modulus accepted (RFC 7518 §3.3 requires 2048 bits). */
export const MIN_RSA_BITS = 2048;

/** A short description of a key, for configuration errors (never its bytes). */
export function describeKey(key: KeyObject): string {
  if (key.type === "secret") return `a secret of ${key.symmetricKeySize} bytes`;
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case "rsa":
      return `an RSA key of ${details.modulusLength} bits`;
    case "rsa-pss":
      return `an RSA-PSS-only key of ${details.modulusLength} bits`;
    case "ec":
      return `an EC ${CURVE_LABELS[details.namedCurve ?? ""] ?? details.namedCurve} key`;
    case "ed25519":
      return "an Ed25519 key";
    case "ed448":
      return "an Ed448 key";
    default:
      return `a ${key.asymmetricKeyType} key`;
  }
}

/** What `algorithm` needs, in words, or `undefined` when `key` fits it. */
function misfit(key: KeyObject, algorithm: Algorithm): string | undefined {
  const details = key.asymmetricKeyDetails ?? {};
  if (isHmac(algorithm)) return key.type === "secret" ? undefined : "a secret";
  if (algorithm.startsWith("RS") || algorithm.startsWith("PS")) {
    // RSA-PSS-only keys ("rsa-pss") are refused too: the JWT engine cannot use them.
    const ok = key.asymmetricKeyType === "rsa" && (details.modulusLength ?? 0) >= MIN_RSA_BITS;
    return ok ? undefined : `an RSA key of at least ${MIN_RSA_BITS} bits`;
  }
  const curve = CURVES[algorithm];
  if (curve !== undefined) {
    const ok = key.asymmetricKeyType === "ec" && details.namedCurve === curve.curve;
    return ok ? undefined : `an EC ${curve.label} key`;
  }
  const ok = key.asymmetricKeyType === "ed25519" || key.asymmetricKeyType === "ed448";
  return ok ? undefined : "an Ed25519 or Ed448 key";
}

/**
 * Reads `input` as the key of `algorithm` for `use`, and checks that it fits: a non-empty
 * secret that is not public-key material for HS*, else a public (verify) or private (sign)
 * key of the algorithm's type, RSA of at least 2048 bits, EC on the algorithm's curve.
 * Throws a {@link ConfigurationError} naming `name` otherwise.
 */
export function keyObjectFor(
  input: KeyInput,
  algorithm: Algorithm,
  use: KeyUse,
  name: string,
): KeyObject {
  const key = isHmac(algorithm) ? secretFrom(input, name) : asymmetricFrom(input, name, use);
  const needed = misfit(key, algorithm);
  if (needed !== undefined) {
    throw new ConfigurationError(
      `${name}: expected ${needed} for algorithm ${algorithm}, got ${describeKey(key)}`,
    );
  }
  return key;
}

/** Whether `key` fits `algorithm` (type, size, curve). */
export const keyFits = (key: KeyObject, algorithm: Algorithm): boolean =>
  misfit(key, algorithm) === undefined;
