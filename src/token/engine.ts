import { createSigner, createVerifier, type JwtHeader as EngineHeader, TokenError } from "fast-jwt";
import type { ResolvedOptions } from "../config/option-table.ts";
import { ConfigurationError, ExpiredSignatureError, JwtDecodeError } from "../errors.ts";
import {
  engineShapeRefused,
  fallbackSigner,
  fallbackVerifier,
  hasFallback,
} from "./asymmetric-fallback.ts";
import { readCompactJws } from "./compact-form.ts";
import { equalInConstantTime } from "./constant-time.ts";
import { type SigningInputMac, signingInputMac } from "./hmac.ts";
import type { BoundKey } from "./keys.ts";
import type { DecodedJwt } from "./payload.ts";
import { checkRegisteredClaims } from "./registered-claims.ts";

/**
 * A verifier built with `complete: true`: the engine returns the token's header and claims
 * as parsed JSON objects (its declarations type the result `any`; the form was already
 * checked by {@link readCompactJws} before the key was chosen).
 */
type Verify = (token: string, read: DecodedJwt) => DecodedJwt | Promise<DecodedJwt>;
type Sign = (payload: Record<string, unknown>) => string | Promise<string>;

/** Where the runtime refuses the engine's `node:crypto` call shape (see asymmetric-fallback.ts). */
const useFallback = (key: BoundKey): boolean => hasFallback(key) && engineShapeRefused();

const notJson = (): ConfigurationError =>
  // JSON.stringify's own words would quote the claims: named here, never echoed.
  new ConfigurationError(
    "the token's claims and headers must be JSON: a value that cannot be written (a cycle, a BigInt) was given",
  );

/** Turns the engine's errors into the contract's 422, with PyJWT's messages where it has one. */
function toContractError(error: unknown): Error {
  if (error instanceof JwtDecodeError || error instanceof ExpiredSignatureError) return error;
  if (error instanceof TokenError) {
    switch (error.code) {
      case TokenError.codes.invalidSignature:
      case TokenError.codes.missingSignature:
        return new JwtDecodeError("Signature verification failed");
      case TokenError.codes.invalidAlgorithm:
        return new JwtDecodeError("The specified alg value is not allowed");
      // The engine names unsupported `crit` entries; keep what the client sent out of replies.
      case TokenError.codes.invalidCritHeader:
        return new JwtDecodeError("The token has an unsupported critical header.");
      default:
        return new JwtDecodeError(error.message);
    }
  }
  return new JwtDecodeError("The token could not be decoded.");
}

/** The hash of each HMAC algorithm, by its JWA name. */
const HMAC_HASHES: Readonly<Record<string, string>> = {
  HS256: "sha256",
  HS384: "sha384",
  HS512: "sha512",
};

const signatureFailed = (): JwtDecodeError => new JwtDecodeError("Signature verification failed");

/**
 * An HMAC token's signature, checked with `node:crypto` on the token already read
 * strictly, so the token is read once. The same checks and order as the engine's verifier:
 * a signature must be present, the `alg` must be the key's, the MAC is compared in
 * constant time, and a `crit` header is refused (no extension is understood).
 */
function verifyHmac(
  token: string,
  read: DecodedJwt,
  key: BoundKey,
  mac: SigningInputMac,
): DecodedJwt {
  const dot = token.lastIndexOf(".");
  const signature = token.slice(dot + 1);
  if (signature.length === 0) throw signatureFailed();
  if (read.header.alg !== key.algorithm) {
    throw new JwtDecodeError("The specified alg value is not allowed");
  }
  // Both in canonical base64url (the strict reading refused any other spelling), so equal
  // text is equal bytes.
  if (!equalInConstantTime(mac(token, dot), signature)) throw signatureFailed();
  if (read.header.crit) {
    throw new JwtDecodeError("The token has an unsupported critical header.");
  }
  return read;
}

/**
 * The engine is handed the bound key in one canonical form chosen here (the secret's
 * bytes, or SPKI/PKCS#8 PEM exported from the `KeyObject`) together with the key's one
 * algorithm, so its own guessing of what a key string is never decides anything.
 */
function engineKey(bound: BoundKey): string | Buffer {
  const { key } = bound;
  if (key.type === "secret") return key.export();
  if (key.type === "public") return key.export({ type: "spki", format: "pem" }) as string;
  return key.export({ type: "pkcs8", format: "pem" }) as string;
}

/**
 * The only file that talks to the JWT engine (fast-jwt), so that another engine can
 * replace it. Signers and verifiers are built once per bound key and reused.
 */
export class TokenEngine {
  readonly #options: ResolvedOptions;
  readonly #verifiers = new WeakMap<BoundKey, Verify>();
  readonly #signers = new WeakMap<BoundKey, Sign>();
  readonly #macs = new WeakMap<BoundKey, SigningInputMac>();

  constructor(options: ResolvedOptions) {
    this.#options = options;
  }

  /**
   * Signs `payload` as given (its claim order is kept) with the key's algorithm; the key's
   * `kid`, when it has one, is written into the header.
   */
  sign(
    payload: Record<string, unknown>,
    headers: Record<string, unknown>,
    key: BoundKey,
  ): string | Promise<string> {
    if (key.kid !== null && Object.hasOwn(headers, "kid")) {
      throw new ConfigurationError("additionalHeaders: the kid header is set by encodeKeyId");
    }
    const plain = Object.keys(headers).length === 0;
    let signer = plain ? this.#signers.get(key) : undefined;
    if (signer === undefined) {
      // The engine writes `alg` first from `algorithm`; naming it again changes no byte.
      const header: EngineHeader = { ...headers, alg: key.algorithm };
      signer = useFallback(key)
        ? fallbackSigner(
            key,
            createSigner({
              algorithm: "none",
              ...(key.kid !== null ? { kid: key.kid } : {}),
              header,
            }),
          )
        : createSigner({
            key: engineKey(key),
            algorithm: key.algorithm,
            ...(key.kid !== null ? { kid: key.kid } : {}),
            header,
          });
      if (plain) this.#signers.set(key, signer);
    }
    let token: string | Promise<string>;
    try {
      token = signer(payload);
    } catch {
      throw notJson();
    }
    return typeof token === "string" ? token : token.catch(() => Promise.reject(notJson()));
  }

  /**
   * Reads a token strictly (size, form, UTF-8, JSON objects) without verifying it: what
   * the key choice and the decode-key loader work from. The size is checked first, before
   * a byte is decoded, so an oversized token costs nothing but its length.
   */
  read(token: string): DecodedJwt {
    const limit = this.#options.maxTokenSize;
    if (token.length > limit || Buffer.byteLength(token, "utf8") > limit) {
      throw new JwtDecodeError(`Token too large: the limit is ${limit} bytes`);
    }
    return readCompactJws(token);
  }

  /**
   * Verifies the signature of `token` (already read by {@link read} into `read`) with `key`
   * (whose algorithm must be the token's), then the registered claims (see
   * {@link checkRegisteredClaims}); throws the contract's errors. HMAC keys are checked
   * with `node:crypto` on the read token; other keys by the engine, or with WebCrypto
   * (a promise) where the runtime refuses the engine's call shape. The signature is
   * checked before any claim, so nothing about the claims of a forged token is ever
   * reported. An expired token's error carries the token, for the expired loader.
   */
  verify(
    token: string,
    read: DecodedJwt,
    key: BoundKey,
    allowExpired: boolean,
  ): DecodedJwt | Promise<DecodedJwt> {
    let decoded: DecodedJwt;
    const mac = key.key.type === "secret" ? this.#macFor(key) : undefined;
    if (mac !== undefined) {
      decoded = verifyHmac(token, read, key, mac);
    } else {
      try {
        const result = this.#verifierFor(key)(token, read);
        if (result instanceof Promise) {
          return result.then((checked) => this.#claims(checked, allowExpired));
        }
        decoded = { header: result.header, payload: result.payload };
      } catch (error) {
        throw toContractError(error);
      }
    }
    return this.#claims(decoded, allowExpired);
  }

  /** The registered claims of a token whose signature was checked. */
  #claims(decoded: DecodedJwt, allowExpired: boolean): DecodedJwt {
    try {
      checkRegisteredClaims(decoded.payload, this.#options, allowExpired);
    } catch (error) {
      if (error instanceof ExpiredSignatureError) error.jwt = decoded;
      throw error;
    }
    return decoded;
  }

  /** The HMAC of a secret key, built once per key; undefined for an algorithm not HS*. */
  #macFor(key: BoundKey): SigningInputMac | undefined {
    let mac = this.#macs.get(key);
    if (mac === undefined) {
      const hash = HMAC_HASHES[key.algorithm];
      if (hash === undefined) return undefined;
      mac = signingInputMac(hash, key.key);
      this.#macs.set(key, mac);
    }
    return mac;
  }

  /** The engine checks the algorithm, the signature and `crit`; the claims are ours. */
  #verifierFor(key: BoundKey): Verify {
    const cached = this.#verifiers.get(key);
    if (cached) return cached;
    if (useFallback(key)) {
      const verifier = fallbackVerifier(key);
      this.#verifiers.set(key, verifier);
      return verifier;
    }
    const verifier: Verify = createVerifier({
      key: engineKey(key),
      // One algorithm: the key's. The allow-list was applied when the key was bound.
      algorithms: [key.algorithm],
      complete: true,
      ignoreExpiration: true,
      ignoreNotBefore: true,
    });
    this.#verifiers.set(key, verifier);
    return verifier;
  }
}
