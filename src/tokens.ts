import { createSigner, createVerifier, TokenError } from "fast-jwt";
import { readCompactJws } from "./compact-form.ts";
import { ConfigurationError, ExpiredSignatureError, JwtDecodeError } from "./errors.ts";
import type { BoundKey } from "./keys.ts";
import type { ResolvedOptions } from "./options.ts";
import type { JwtHeader, JwtPayload } from "./payload.ts";

/** A verified token's two JSON parts. */
export interface DecodedJwt {
  header: JwtHeader;
  payload: JwtPayload;
}

type Verify = (token: string) => { header: JwtHeader; payload: JwtPayload };
type Sign = (payload: Record<string, unknown>) => string;

interface VerifierPair {
  strict: Verify;
  allowExpired: Verify;
}

/** Turns the engine's errors into the contract's: expired is 401, anything else 422. */
function toContractError(error: unknown): Error {
  if (error instanceof JwtDecodeError || error instanceof ExpiredSignatureError) return error;
  if (error instanceof TokenError) {
    if (error.code === TokenError.codes.expired) return new ExpiredSignatureError();
    // The engine names unsupported `crit` entries; keep what the client sent out of replies.
    if (error.code === TokenError.codes.invalidCritHeader) {
      return new JwtDecodeError("The token has an unsupported critical header.");
    }
    return new JwtDecodeError(error.message);
  }
  return new JwtDecodeError("The token could not be decoded.");
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

/** NumericDate claims must be finite numbers when present (`1e400` parses as Infinity). */
const DATE_CLAIMS = ["exp", "nbf", "iat"] as const;

function checkDateClaims(payload: JwtPayload, leeway: number): void {
  for (const claim of DATE_CLAIMS) {
    if (!Object.hasOwn(payload, claim)) continue;
    const value = payload[claim];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new JwtDecodeError(`The ${claim} claim must be a finite number.`);
    }
  }
  // A token issued in the future was minted by a skewed or forged clock: PyJWT refuses it
  // (beyond the leeway, against whole seconds as it counts them), and so does this.
  const iat = payload.iat;
  if (typeof iat === "number" && iat > Math.floor(Date.now() / 1000) + leeway) {
    throw new JwtDecodeError("The token is not yet valid (iat)");
  }
}

/**
 * The only file that talks to the JWT engine (fast-jwt), so that another engine can
 * replace it. Signers and verifiers are built once per bound key and reused.
 */
export class TokenEngine {
  readonly #options: ResolvedOptions;
  readonly #verifiers = new WeakMap<BoundKey, VerifierPair>();
  readonly #signers = new WeakMap<BoundKey, Sign>();

  constructor(options: ResolvedOptions) {
    this.#options = options;
  }

  /**
   * Signs `payload` as given (its claim order is kept) with the key's algorithm; the key's
   * `kid`, when it has one, is written into the header.
   */
  sign(payload: Record<string, unknown>, headers: Record<string, unknown>, key: BoundKey): string {
    if (key.kid !== null && Object.hasOwn(headers, "kid")) {
      throw new ConfigurationError("additionalHeaders: the kid header is set by encodeKeyId");
    }
    const plain = Object.keys(headers).length === 0;
    let signer = plain ? this.#signers.get(key) : undefined;
    if (signer === undefined) {
      signer = createSigner({
        key: engineKey(key),
        algorithm: key.algorithm,
        ...(key.kid !== null ? { kid: key.kid } : {}),
        header: headers as unknown as JwtHeader,
      }) as Sign;
      if (plain) this.#signers.set(key, signer);
    }
    return signer(payload);
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
   * Verifies the signature with `key` (whose algorithm must be the token's), then the
   * registered claims; throws the contract's errors. The signature is checked before any
   * claim, so nothing about the claims of a forged token is ever reported.
   */
  verify(token: string, key: BoundKey, allowExpired: boolean): DecodedJwt {
    const pair = this.#verifiersFor(key);
    try {
      const decoded = (allowExpired ? pair.allowExpired : pair.strict)(token);
      checkDateClaims(decoded.payload, this.#options.decodeLeeway);
      return { header: decoded.header, payload: decoded.payload };
    } catch (error) {
      throw toContractError(error);
    }
  }

  #verifiersFor(key: BoundKey): VerifierPair {
    const cached = this.#verifiers.get(key);
    if (cached) return cached;
    const options = this.#options;
    const shared = {
      key: engineKey(key),
      // One algorithm: the key's. The allow-list was applied when the key was bound.
      algorithms: [key.algorithm],
      complete: true,
      clockTolerance: options.decodeLeeway * 1000,
      // Exact string comparison: the engine compares strings with `===` (no regexes given).
      ...(options.decodeAudience ? { allowedAud: [...options.decodeAudience] } : {}),
      ...(options.decodeIssuer ? { allowedIss: options.decodeIssuer } : {}),
      // A configured audience or issuer must be present, not only right when present.
      requiredClaims: [
        ...(options.decodeAudience ? ["aud"] : []),
        ...(options.decodeIssuer ? ["iss"] : []),
      ],
    };
    const pair: VerifierPair = {
      strict: createVerifier(shared) as unknown as Verify,
      allowExpired: createVerifier({ ...shared, ignoreExpiration: true }) as unknown as Verify,
    };
    this.#verifiers.set(key, pair);
    return pair;
  }
}
