import { createDecoder, createSigner, createVerifier, TokenError } from "fast-jwt";
import { ExpiredSignatureError, JwtDecodeError } from "./errors.ts";
import type { KeyInput, ResolvedOptions } from "./options.ts";
import type { JwtHeader, JwtPayload } from "./payload.ts";

/** A verified token's two JSON parts. */
export interface DecodedJwt {
  header: JwtHeader;
  payload: JwtPayload;
}

type Verify = (token: string) => { header: JwtHeader; payload: JwtPayload };

interface VerifierPair {
  strict: Verify;
  allowExpired: Verify;
}

/** Verifiers built for keys that came from the decode-key loader, most recent last. */
const MAX_CACHED_KEYS = 64;

const decodeUnverifiedParts = createDecoder({ complete: true }) as unknown as (token: string) => {
  header: JwtHeader;
  payload: JwtPayload;
};

/** Turns the engine's errors into the contract's: expired is 401, anything else 422. */
function toContractError(error: unknown): Error {
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
 * The only file that talks to the JWT engine (fast-jwt), so that another engine can
 * replace it. Verifiers are built once per key and reused on every request.
 */
export class TokenEngine {
  readonly #options: ResolvedOptions;
  readonly #verifiers = new Map<KeyInput, VerifierPair>();

  constructor(options: ResolvedOptions) {
    this.#options = options;
  }

  /** Signs `payload` as given (its claim order is kept) with the configured algorithm. */
  sign(payload: Record<string, unknown>, headers: Record<string, unknown>, key: KeyInput): string {
    const signer = createSigner({
      key: key as string,
      algorithm: this.#options.algorithm,
      header: headers as unknown as JwtHeader,
    });
    return signer(payload);
  }

  /** Verifies the signature and the registered claims; throws the contract's errors. */
  verify(token: string, key: KeyInput, allowExpired: boolean): DecodedJwt {
    const pair = this.#verifiersFor(key);
    try {
      return (allowExpired ? pair.allowExpired : pair.strict)(token);
    } catch (error) {
      throw toContractError(error);
    }
  }

  /** Reads a token's header and payload without checking anything. */
  decodeUnverified(token: string): DecodedJwt {
    try {
      return decodeUnverifiedParts(token);
    } catch (error) {
      throw toContractError(error);
    }
  }

  #verifiersFor(key: KeyInput): VerifierPair {
    const cached = this.#verifiers.get(key);
    if (cached) return cached;
    const options = this.#options;
    const shared = {
      key: key as string,
      algorithms: [...options.decodeAlgorithms],
      complete: true,
      clockTolerance: options.decodeLeeway * 1000,
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
    if (this.#verifiers.size >= MAX_CACHED_KEYS) {
      const oldest = this.#verifiers.keys().next().value;
      if (oldest !== undefined) this.#verifiers.delete(oldest);
    }
    this.#verifiers.set(key, pair);
    return pair;
  }
}
