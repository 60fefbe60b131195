import { createPrivateKey, createPublicKey, X509Certificate } from "node:crypto";

/**
 * Recognising key material that must never serve as an HMAC secret. A public key is
 * public: an HMAC "secret" made of one lets anyone who has it sign tokens (the
 * algorithm-confusion attack). Private keys and certificates are refused too: a secret
 * should be random bytes, and key material in the wrong place is a configuration mistake.
 *
 * Everything PyJWT's `is_pem_format` and `is_ssh_key` refuse is refused here, and more:
 * PEM blocks behind leading junk, JWKs and JWK Sets, DER bytes, and the bare base64 body
 * of a PEM block or of an OpenSSH key (its header lines or key type cut off).
 */

/** A PEM (RFC 7468) or RFC 4716 SSH header anywhere in the text: `-----BEGIN X-----`, `---- BEGIN X ----`. */
const PEM_HEADER = /----[- ]BEGIN [A-Z0-9 ]+[- ]----/;

/** The OpenSSH key types PyJWT looks for anywhere in a secret (its `_SSH_KEY_FORMATS`). */
const SSH_KEY_TYPES = [
  "ssh-ed25519",
  "ssh-ed448",
  "ssh-rsa",
  "ssh-dss",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
] as const;

/** An OpenSSH certificate line: `<type>-cert-v01@openssh.com <base64> [comment]`. */
const SSH_CERTIFICATE = /(?:^|\s)\S*-cert-v01@openssh\.com[ \t]+\S/;

/** Base64 (standard or URL-safe, padded or not), with the line breaks of a PEM body. */
const BASE64_BODY = /^[A-Za-z0-9+/_-]+={0,2}$/;
/** Shorter than this, base64 cannot hold a key (an Ed25519 SPKI, the smallest, takes 60). */
const MIN_BASE64_KEY_LENGTH = 40;

const ASYMMETRIC_JWK_TYPES = new Set(["RSA", "EC", "OKP"]);

const isJwkOfType = (value: unknown, types: ReadonlySet<string>): boolean =>
  value !== null &&
  typeof value === "object" &&
  typeof (value as { kty?: unknown }).kty === "string" &&
  types.has((value as { kty: string }).kty);

/** Whether a JSON text holds an RSA, EC or OKP key, or a set of them. */
function holdsAsymmetricJwk(text: string): boolean {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return false;
  }
  const isAsymmetric = (item: unknown): boolean => isJwkOfType(item, ASYMMETRIC_JWK_TYPES);
  if (Array.isArray(parsed)) return parsed.some(isAsymmetric);
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  return isAsymmetric(parsed) || (Array.isArray(keys) && keys.some(isAsymmetric));
}

const DER_PUBLIC = ["spki", "pkcs1"] as const;
const DER_PRIVATE = ["pkcs8", "pkcs1", "sec1"] as const;

/** Whether `bytes` are exactly one DER SEQUENCE, by its tag and length octets. */
function isOneDerSequence(bytes: Buffer): boolean {
  if (bytes.length < 2 || bytes[0] !== 0x30) return false;
  const first = bytes[1] as number;
  if (first < 0x80) return bytes.length === 2 + first;
  const octets = first - 0x80;
  if (octets < 1 || octets > 3 || bytes.length < 2 + octets) return false;
  const length = bytes.readUIntBE(2, octets);
  return bytes.length === 2 + octets + length;
}

/** What DER bytes (a SEQUENCE) hold: a public or private key, or a certificate. */
function derKind(bytes: Buffer): string | undefined {
  // A cheap test first: random secrets are not tried against every key encoding.
  if (!isOneDerSequence(bytes)) return undefined;
  for (const type of DER_PUBLIC) {
    try {
      createPublicKey({ key: bytes, format: "der", type });
      return "a DER-encoded public key";
    } catch {
      // Not this encoding.
    }
  }
  for (const type of DER_PRIVATE) {
    try {
      createPrivateKey({ key: bytes, format: "der", type });
      return "a DER-encoded private key";
    } catch {
      // Not this encoding.
    }
  }
  try {
    new X509Certificate(bytes);
    return "a DER-encoded certificate";
  } catch {
    return undefined;
  }
}

/** Whether bytes are an OpenSSH key or certificate blob: a length-prefixed key type name. */
function isSshBlob(bytes: Buffer): boolean {
  if (bytes.length < 8) return false;
  const length = bytes.readUInt32BE(0);
  if (length < 7 || length > 64 || bytes.length < 4 + length) return false;
  const type = bytes.subarray(4, 4 + length).toString("latin1");
  return (
    SSH_KEY_TYPES.some((name) => type.includes(name)) || type.endsWith("-cert-v01@openssh.com")
  );
}

/** What the base64 body in `text` decodes to, when it is key material. */
function base64BodyKind(text: string): string | undefined {
  const compact = text.replace(/[\t\n\r ]+/g, "");
  if (compact.length < MIN_BASE64_KEY_LENGTH || !BASE64_BODY.test(compact)) return undefined;
  // Node's base64 decoder reads the standard and the URL-safe alphabets alike.
  const bytes = Buffer.from(compact, "base64");
  const der = derKind(bytes);
  if (der !== undefined) return `the base64 body of ${der}`;
  if (isSshBlob(bytes)) return "the base64 body of an OpenSSH key";
  return undefined;
}

/**
 * Why a text or byte string may not serve as an HMAC secret (a short description of the
 * key material it is or holds, never its content), or `undefined` when it may.
 */
export function keyMaterialIn(input: string | Buffer): string | undefined {
  const text = typeof input === "string" ? input : input.toString("latin1");
  if (PEM_HEADER.test(text)) return "a PEM key or certificate";
  if (SSH_CERTIFICATE.test(text)) return "an OpenSSH certificate";
  if (SSH_KEY_TYPES.some((name) => text.includes(name))) return "an OpenSSH public key";
  if (holdsAsymmetricJwk(text)) return "a JSON Web Key of an asymmetric key";
  if (Buffer.isBuffer(input)) {
    const der = derKind(input);
    if (der !== undefined) return der;
    if (isSshBlob(input)) return "an OpenSSH key";
  }
  return base64BodyKind(text);
}
