import { checkOptionsArgument } from "../config/arguments.ts";
import type { ResolvedOptions } from "../config/option-table.ts";
import { ConfigurationError, CsrfError, JwtDecodeError } from "../errors.ts";
import type { CoreLoaders } from "../loaders.ts";
import { csrfValuesMatch } from "../request/csrf.ts";
import { buildClaims, type CreateTokenOptions, type TokenType } from "./claims.ts";
import { requireTokenText } from "./compact-form.ts";
import { TokenEngine } from "./engine.ts";
import { requireTokenId } from "./id.ts";
import { TokenKeys } from "./key-selection.ts";
import type { BoundKey, JwkSet } from "./keys.ts";
import type { DecodedJwt } from "./payload.ts";
import { VerifiedTokens } from "./verified-tokens.ts";

/** The loaders that take part in creating and decoding tokens. */
type CodecLoaders = Pick<
  CoreLoaders,
  "userIdentity" | "additionalClaims" | "additionalHeaders" | "encodeKey" | "decodeKey"
>;

/**
 * Token creation and decoding as the contract states them (BEHAVIOR.md §1): the claims and
 * headers of a new token, and the checks a presented token passes before any route rule —
 * signature and registered claims, identity claim, `sub` type, defaults, CSRF compare.
 */
export class TokenCodec {
  readonly #options: ResolvedOptions;
  readonly #engine: TokenEngine;
  readonly #keys: TokenKeys;
  /** Tokens verified lately (see {@link VerifiedTokens}); none when keys may change. */
  readonly #verified: VerifiedTokens | undefined;
  /** Whether a token must carry a `jti` (a store is configured: see {@link requireTokenId}). */
  readonly #requireJti: boolean;
  /** The manager's loaders: the record the registration methods fill, read at each call. */
  readonly #loaders: CodecLoaders;

  /**
   * Binds the configured keys now, so that a bad key fails when the manager is built. With
   * `requireJti`, a token without a non-empty string `jti` is refused (422). `loaders` is
   * kept as given: loaders registered later take part too.
   */
  constructor(
    options: ResolvedOptions,
    loaders: CodecLoaders,
    { requireJti = false }: { requireJti?: boolean } = {},
  ) {
    this.#options = options;
    this.#loaders = loaders;
    this.#requireJti = requireJti;
    this.#engine = new TokenEngine(options);
    this.#keys = new TokenKeys(options);
    // A JWK Set's keys change over time, so its tokens are verified afresh every time.
    this.#verified =
      options.jwksUrl === null ? new VerifiedTokens(options.decodeLeeway) : undefined;
    for (const { code, message } of this.#keys.warnings()) process.emitWarning(message, { code });
  }

  /**
   * Signs a new token of `type` for `identity`, with the loaders' and the call's extras.
   * With `identityClaim`, that value is written as the identity claim as it is: a token
   * refreshed from a verified one keeps its claim, and the user-identity loader, which
   * expects what the application passes at login, is not applied to it a second time.
   */
  async create(
    type: TokenType,
    identity: unknown,
    call: CreateTokenOptions,
    identityClaim?: { readonly value: unknown },
  ): Promise<string> {
    checkOptionsArgument(call, "token options");
    const loaders = this.#loaders;
    const claimValue = identityClaim
      ? identityClaim.value
      : loaders.userIdentity
        ? await loaders.userIdentity(identity)
        : identity;
    const loaderClaims = loaders.additionalClaims ? await loaders.additionalClaims(identity) : {};
    const loaderHeaders = loaders.additionalHeaders
      ? await loaders.additionalHeaders(identity)
      : {};
    const headers = { ...loaderHeaders, ...call.additionalHeaders };
    if (Object.hasOwn(headers, "alg")) {
      throw new ConfigurationError(
        "additionalHeaders: the alg header is set by the algorithm option",
      );
    }
    const claims = buildClaims(this.#options, type, claimValue, call, loaderClaims);
    const encodeKey = loaders.encodeKey;
    const key = await this.#keys.forSigning(encodeKey && (() => encodeKey(identity)));
    return this.#engine.sign(claims, headers, key);
  }

  /**
   * Verifies a presented token and applies the Python library's defaults for missing
   * `type`, `fresh` and `jti`; with `csrfValue`, compares it with the `csrf` claim.
   */
  async decode(
    token: unknown,
    csrfValue: string | undefined,
    allowExpired: boolean,
  ): Promise<DecodedJwt> {
    return this.decodeNow(token, csrfValue, allowExpired);
  }

  /**
   * {@link decode}, answering at once when nothing is awaited (configured keys, no
   * decode-key loader, no JWK Set to fetch): the result, or a thrown error. Otherwise a
   * promise.
   */
  decodeNow(
    token: unknown,
    csrfValue: string | undefined,
    allowExpired: boolean,
  ): DecodedJwt | Promise<DecodedJwt> {
    requireTokenText(token);
    const loader = this.#loaders.decodeKey;
    // A decode-key loader's keys may change, so its tokens are verified afresh every time.
    const verified = allowExpired || loader ? undefined : this.#verified;
    const remembered = verified?.get(token);
    if (remembered !== undefined) return this.#accept(remembered, csrfValue);
    const read = this.#engine.read(token);
    const key = this.#keys.forVerifying(read, loader);
    if (key instanceof Promise) {
      return key.then((bound) =>
        this.#acceptNow(this.#verify(token, read, bound, allowExpired, verified), csrfValue),
      );
    }
    return this.#acceptNow(this.#verify(token, read, key, allowExpired, verified), csrfValue);
  }

  /** `#accept`, after the signature when it is checked asynchronously. */
  #acceptNow(
    decoded: DecodedJwt | Promise<DecodedJwt>,
    csrfValue: string | undefined,
  ): DecodedJwt | Promise<DecodedJwt> {
    if (decoded instanceof Promise) return decoded.then((d) => this.#accept(d, csrfValue));
    return this.#accept(decoded, csrfValue);
  }

  /** The signature and registered claims; a token that passes is remembered. */
  #verify(
    token: string,
    read: DecodedJwt,
    key: BoundKey,
    allowExpired: boolean,
    verified: VerifiedTokens | undefined,
  ): DecodedJwt | Promise<DecodedJwt> {
    // An expired token's error carries the token, for the expired-token loader.
    const decoded = this.#engine.verify(token, read, key, allowExpired);
    if (decoded instanceof Promise) {
      return decoded.then((checked) => {
        verified?.offer(token, checked);
        return checked;
      });
    }
    verified?.offer(token, decoded);
    return decoded;
  }

  /** The checks after the signature: identity claim, `sub`, `jti`, defaults, CSRF. */
  #accept(decoded: DecodedJwt, csrfValue: string | undefined): DecodedJwt {
    const { payload } = decoded;
    const { identityClaim, verifySub } = this.#options;
    if (!Object.hasOwn(payload, identityClaim)) {
      throw new JwtDecodeError(`Missing claim: ${identityClaim}`);
    }
    if (verifySub && Object.hasOwn(payload, "sub") && typeof payload.sub !== "string") {
      throw new JwtDecodeError("Subject must be a string");
    }
    if (this.#requireJti) requireTokenId(payload);
    payload.type ??= "access";
    payload.fresh ??= false;
    payload.jti ??= null;
    if (csrfValue !== undefined) {
      if (!Object.hasOwn(payload, "csrf")) throw new JwtDecodeError("Missing claim: csrf");
      if (!csrfValuesMatch(csrfValue, payload.csrf)) {
        throw new CsrfError("CSRF double submit tokens do not match");
      }
    }
    return decoded;
  }

  /** A token's header and claims, read without verifying anything. */
  read(token: string): DecodedJwt {
    requireTokenText(token);
    return this.#engine.read(token);
  }

  /** The public verification keys as a JWK Set. */
  jwks(): JwkSet {
    return this.#keys.jwks();
  }
}
