/**
 * Hand-made JWS for attack tests, built with node:crypto only (never with the library
 * under test, nor with its engine): any header, any payload text, any signing key, so that
 * tokens a JWT library would refuse to produce can be sent.
 */
import {
  createHmac,
  generateKeyPairSync,
  type KeyObject,
  randomUUID,
  sign as signBytes,
} from "node:crypto";

export const b64url = (input: string | Buffer): string => Buffer.from(input).toString("base64url");

/** A JSON value or raw text (sent as is). */
export type Part = Record<string, unknown> | unknown[] | string | number | null;

const partText = (part: Part): string => (typeof part === "string" ? part : JSON.stringify(part));

/** `base64url(header).base64url(payload)`: the signing input. */
export const signingInput = (header: Part, payload: Part): string =>
  `${b64url(partText(header))}.${b64url(partText(payload))}`;

const HASHES: Record<string, string> = { "256": "sha256", "384": "sha384", "512": "sha512" };

/** The raw signature of `input` for `alg` (JOSE encodings: ECDSA as r||s). */
export function signature(alg: string, key: KeyObject | Buffer | string, input: string): string {
  const family = alg.slice(0, 2);
  const hash = HASHES[alg.slice(2)] ?? "sha256";
  if (family === "HS")
    return createHmac(hash, key as Buffer)
      .update(input)
      .digest("base64url");
  if (alg === "EdDSA")
    return signBytes(null, Buffer.from(input), key as KeyObject).toString("base64url");
  if (family === "ES") {
    return signBytes(hash, Buffer.from(input), {
      key: key as KeyObject,
      dsaEncoding: "ieee-p1363",
    }).toString("base64url");
  }
  const padding = family === "PS" ? { padding: 6, saltLength: -1 } : {};
  return signBytes(hash, Buffer.from(input), { key: key as KeyObject, ...padding }).toString(
    "base64url",
  );
}

/** A compact JWS of `header` and `payload` signed for `alg` (from the header) with `key`. */
export function forge(
  header: Record<string, unknown>,
  payload: Part,
  key: KeyObject | Buffer | string,
): string {
  const input = signingInput(header, payload);
  return `${input}.${signature(String(header.alg), key, input)}`;
}

/** An unsigned token (`alg` as given, empty signature). */
export const unsigned = (alg: string, payload: Part): string =>
  `${signingInput({ alg, typ: "JWT" }, payload)}.`;

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** The claims of a valid access token for `sub`, valid for 15 minutes. */
export function claims(
  sub = "example_user",
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const now = nowSeconds();
  return {
    fresh: false,
    iat: now,
    jti: randomUUID(),
    type: "access",
    sub,
    nbf: now,
    csrf: randomUUID(),
    exp: now + 900,
    ...extra,
  };
}

export interface Pair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicPem: string;
  privatePem: string;
}

const pairs = new Map<string, Pair>();

/** A key pair, generated once per process per kind. */
export function keyPair(
  kind: "rsa" | "rsa1024" | "ec256" | "ec384" | "ec521" | "ed25519" | "ed448",
  id = "",
): Pair {
  const cacheKey = `${kind}:${id}`;
  const cached = pairs.get(cacheKey);
  if (cached) return cached;
  const generated =
    kind === "rsa" || kind === "rsa1024"
      ? generateKeyPairSync("rsa", { modulusLength: kind === "rsa" ? 2048 : 1024 })
      : kind.startsWith("ec")
        ? generateKeyPairSync("ec", {
            namedCurve: { ec256: "P-256", ec384: "P-384", ec521: "P-521" }[kind as "ec256"],
          })
        : kind === "ed25519"
          ? generateKeyPairSync("ed25519")
          : generateKeyPairSync("ed448");
  const pair = {
    ...generated,
    publicPem: generated.publicKey.export({ type: "spki", format: "pem" }).toString(),
    privatePem: generated.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
  pairs.set(cacheKey, pair);
  return pair;
}
