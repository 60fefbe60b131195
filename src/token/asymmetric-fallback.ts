import { constants, createPublicKey, verify as nodeVerify } from "node:crypto";
import { JwtDecodeError } from "../errors.ts";
import type { BoundKey } from "./keys.ts";
import type { DecodedJwt } from "./payload.ts";

/**
 * RS*, PS* and ES* with WebCrypto, for runtimes whose `node:crypto` refuses a `KeyObject`
 * inside the options of a sign or verify call (workerd), which is how the JWT engine
 * always calls it. Their `node:crypto` also ignores the RSA padding option, so PS* cannot
 * be done there at all: WebCrypto does every family, with the engine's strictness.
 */

/** A P-256 public key, only used to ask the runtime whether it takes the engine's call shape. */
const PROBE_KEY = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAELuKXe64MODO5l0epmPseeO3X2JF5
gFxmIo6hY3WjEzkMve3tfRqmQi1wIpfFgwPuQsSFbZh+TIxIVhrZ4i7Tvg==
-----END PUBLIC KEY-----`;

let refused: boolean | undefined;

/**
 * Whether this runtime refuses the engine's call shape (`{ key: KeyObject, … }`), asked
 * once per process. Node takes it, so Node keeps the engine's path.
 */
export function engineShapeRefused(): boolean {
  if (refused === undefined) {
    try {
      const key = createPublicKey(PROBE_KEY);
      const options = {
        key,
        padding: constants.RSA_PKCS1_PADDING,
        dsaEncoding: "ieee-p1363" as const,
      };
      refused =
        typeof nodeVerify("sha256", Buffer.alloc(0), options, Buffer.alloc(64)) !== "boolean";
    } catch {
      refused = true;
    }
  }
  return refused;
}

type Params = { name: string; hash: string; curve?: string; size?: number };

/** The WebCrypto parameters of each asymmetric algorithm but EdDSA (which the engine does). */
const PARAMS: Readonly<Record<string, Params>> = {
  RS256: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
  RS384: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-384" },
  RS512: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-512" },
  PS256: { name: "RSA-PSS", hash: "SHA-256", size: 32 },
  PS384: { name: "RSA-PSS", hash: "SHA-384", size: 48 },
  PS512: { name: "RSA-PSS", hash: "SHA-512", size: 64 },
  ES256: { name: "ECDSA", hash: "SHA-256", curve: "P-256", size: 64 },
  ES384: { name: "ECDSA", hash: "SHA-384", curve: "P-384", size: 96 },
  ES512: { name: "ECDSA", hash: "SHA-512", curve: "P-521", size: 132 },
};

/** Whether {@link fallbackSigner} and {@link fallbackVerifier} handle the key's algorithm. */
export const hasFallback = (key: BoundKey): boolean => Object.hasOwn(PARAMS, key.algorithm);

/** PSS salt length = the hash's length (as the engine signs); ECDSA signs over the hash. */
function signParams(params: Params): AlgorithmIdentifier | RsaPssParams | EcdsaParams {
  if (params.name === "RSA-PSS") return { name: params.name, saltLength: params.size ?? 0 };
  if (params.name === "ECDSA") return { name: params.name, hash: params.hash };
  return { name: params.name };
}

function importFor(key: BoundKey, usage: "sign" | "verify"): Promise<CryptoKey> {
  const params = PARAMS[key.algorithm] as Params;
  const imported =
    params.curve !== undefined
      ? { name: params.name, namedCurve: params.curve }
      : { name: params.name, hash: params.hash };
  const der =
    usage === "sign"
      ? key.key.export({ type: "pkcs8", format: "der" })
      : key.key.export({ type: "spki", format: "der" });
  return crypto.subtle.importKey(
    usage === "sign" ? "pkcs8" : "spki",
    new Uint8Array(der),
    imported,
    false,
    [usage],
  );
}

/**
 * A signer appending the WebCrypto signature to `unsigned`'s `header.claims.` (the
 * engine's own writing, with `alg` set to the key's, so every byte before the signature
 * is what the engine writes). Its errors are the caller's to name.
 */
export function fallbackSigner(
  key: BoundKey,
  unsigned: (payload: Record<string, unknown>) => string,
): (payload: Record<string, unknown>) => Promise<string> {
  const params = PARAMS[key.algorithm] as Params;
  let cryptoKey: Promise<CryptoKey> | undefined;
  return async (payload) => {
    const input = unsigned(payload).slice(0, -1);
    cryptoKey ??= importFor(key, "sign");
    const data = new TextEncoder().encode(input);
    const signature = await crypto.subtle.sign(signParams(params), await cryptoKey, data);
    return `${input}.${Buffer.from(signature).toString("base64url")}`;
  };
}

const failed = (): JwtDecodeError => new JwtDecodeError("Signature verification failed");

/**
 * A verifier with the engine's checks in its order (see `verifyHmac` in engine.ts): a
 * signature must be present, the `alg` must be the key's, an ES signature must be the raw
 * `r||s` of its exact length, then the signature, then `crit` is refused.
 */
export function fallbackVerifier(
  key: BoundKey,
): (token: string, read: DecodedJwt) => Promise<DecodedJwt> {
  const params = PARAMS[key.algorithm] as Params;
  let cryptoKey: Promise<CryptoKey> | undefined;
  return async (token, read) => {
    const dot = token.lastIndexOf(".");
    if (dot === token.length - 1) throw failed();
    const signature = Buffer.from(token.slice(dot + 1), "base64url");
    if (read.header.alg !== key.algorithm) {
      throw new JwtDecodeError("The specified alg value is not allowed");
    }
    if (params.name === "ECDSA" && signature.length !== params.size) {
      throw new JwtDecodeError("Cannot verify the signature.");
    }
    let valid: boolean;
    try {
      cryptoKey ??= importFor(key, "verify");
      valid = await crypto.subtle.verify(
        signParams(params),
        await cryptoKey,
        new Uint8Array(signature),
        new TextEncoder().encode(token.slice(0, dot)),
      );
    } catch {
      throw new JwtDecodeError("Cannot verify the signature.");
    }
    if (!valid) throw failed();
    if (read.header.crit) {
      throw new JwtDecodeError("The token has an unsupported critical header.");
    }
    return read;
  };
}
