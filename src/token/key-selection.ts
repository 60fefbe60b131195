import type { ResolvedOptions } from "../config/option-table.ts";
import type { Algorithm, KeyInput } from "../config/option-values.ts";
import { type SecurityWarning, securityWarnings } from "../config/security-warnings.ts";
import { ConfigurationError, JwtDecodeError } from "../errors.ts";
import type { MaybePromise } from "../loaders.ts";
import { RemoteJwks } from "./jwks.ts";
import { type BoundKey, type JwkSet, KeyRing, LoaderKeys } from "./keys.ts";
import type { DecodedJwt, JwtHeader, JwtPayload } from "./payload.ts";

/** The encode-key loader, applied to the identity of the token being created. */
export type SigningKeyLoader = () => MaybePromise<KeyInput>;
/** The decode-key loader: it sees the token's header and claims before they are verified. */
export type VerificationKeyLoader = (
  header: JwtHeader,
  payload: JwtPayload,
) => MaybePromise<KeyInput>;

/** The one candidate bound to the token's `alg`; throws a `JwtDecodeError` when none is. */
function keyFor(header: JwtHeader, candidates: readonly BoundKey[] | undefined): BoundKey {
  if (candidates === undefined || candidates.length === 0) {
    // Never name the kid: it is the client's text.
    throw new JwtDecodeError(
      header.kid === undefined ? "No key to verify the token." : "The token key id is unknown.",
    );
  }
  const key = candidates.find((candidate) => candidate.algorithm === header.alg);
  if (key === undefined) throw new JwtDecodeError("The specified alg value is not allowed");
  return key;
}

/**
 * Which key signs a new token and which key verifies a presented one: the configured keys
 * (bound when the manager is built), the key loaders' keys (bound on first use), and a
 * remote JWK Set. Every path ends with one key bound to one algorithm.
 */
export class TokenKeys {
  readonly #options: ResolvedOptions;
  readonly #ring: KeyRing;
  readonly #loaded: LoaderKeys;
  readonly #remote: RemoteJwks | undefined;

  /** Binds the configured keys; throws a `ConfigurationError` for a key that does not fit. */
  constructor(options: ResolvedOptions) {
    this.#options = options;
    this.#ring = new KeyRing(options);
    this.#loaded = new LoaderKeys(options);
    this.#remote =
      options.jwksUrl === null
        ? undefined
        : new RemoteJwks({
            url: options.jwksUrl,
            cacheTtl: options.jwksCacheTtl,
            refetchInterval: options.jwksRefetchInterval,
            staleIfError: options.jwksStaleIfError,
            algorithms: options.decodeAlgorithms,
          });
  }

  /** The key that signs new tokens: the encode-key loader's, or the configured one. */
  async forSigning(loader: SigningKeyLoader | undefined): Promise<BoundKey> {
    if (loader !== undefined) return this.#loaded.signing(await loader());
    const key = this.#ring.signingKey;
    if (key === undefined) {
      throw new ConfigurationError(
        `privateKey: expected a private key to sign ${this.#options.algorithm} tokens, got none`,
      );
    }
    return key;
  }

  /**
   * The one key `token` may be verified with. The token's `alg` must be on the allow-list
   * (`decodeAlgorithms` and the `decodeKeys` entries' own algorithms, so `none`, in any
   * spelling, never is) and must be the algorithm the selected key is bound to; the `kid`
   * selects among configured keys only, and never the `alg` a key. Throws a `JwtDecodeError`.
   */
  forVerifying(
    token: DecodedJwt,
    loader: VerificationKeyLoader | undefined,
  ): MaybePromise<BoundKey> {
    const { header, payload } = token;
    const { decodeAlgorithms } = this.#options;
    // The loader's keys serve `decodeAlgorithms`; configured keys also their entries' own.
    const allowed = loader !== undefined ? decodeAlgorithms : this.#ring.algorithms;
    if (!allowed.includes(header.alg as Algorithm)) {
      throw new JwtDecodeError("The specified alg value is not allowed");
    }
    if (loader !== undefined) {
      return (async () => keyFor(header, this.#loaded.verifying(await loader(header, payload))))();
    }
    const candidates = this.#ring.candidates(header.kid);
    if (
      candidates === undefined &&
      this.#remote !== undefined &&
      typeof header.kid === "string" &&
      decodeAlgorithms.includes(header.alg as Algorithm)
    ) {
      return this.#remote.keysFor(header.kid).then((remote) => keyFor(header, remote));
    }
    // Configured keys are bound already: the usual case answers at once, without a promise.
    return keyFor(header, candidates);
  }

  /** The public keys of the configured asymmetric verification keys, as a JWK Set. */
  jwks(): JwkSet {
    return this.#ring.jwks();
  }

  /** What is weak about the configured keys and cookies (see {@link securityWarnings}). */
  warnings(env?: Readonly<Record<string, string | undefined>>): SecurityWarning[] {
    const keys = [this.#ring.signingKey, ...(this.#ring.candidates(undefined) ?? [])];
    return securityWarnings(this.#options, keys, env);
  }
}
