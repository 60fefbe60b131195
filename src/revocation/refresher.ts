import { randomUUID } from "node:crypto";
import { checkOptionsArgument } from "../config/arguments.ts";
import type { ResolvedOptions } from "../config/option-table.ts";
import { MissingGuardError, WrongTokenError } from "../errors.ts";
import type { JwtContext } from "../request/verify-request.ts";
import type { CreateTokenOptions, TokenPairOptions } from "../token/claims.ts";
import type { TokenCodec } from "../token/codec.ts";
import {
  FAMILY_CLAIM,
  familyClaim,
  familyOf,
  type Revocation,
  requireRevocation,
} from "./revocation.ts";
import {
  markRefreshTokenUsed,
  type RefreshedTokens,
  type RefreshTokenReuseHook,
  type TokenPair,
} from "./rotation.ts";
import { checkMetadata, requireSessions, type Sessions } from "./sessions.ts";

/** A verified request's context, as refreshing reads it. */
type Verified = JwtContext<unknown, unknown, object>;

/**
 * Token families and refreshing, built once per manager: a login's pair of tokens in a new
 * family, a refresh (with rotation, when configured), and the access token implicit refresh
 * renews. A token created from a verified one keeps its identity claim as it is, and the
 * claims and headers loaders receive the looked-up user when there is one, else the
 * identity claim.
 */
export class TokenRefresher {
  readonly #options: ResolvedOptions;
  readonly #codec: TokenCodec;
  readonly #revocation: Revocation | undefined;
  readonly #onReuse: RefreshTokenReuseHook | undefined;
  readonly #sessions: Sessions | null;

  constructor(
    options: ResolvedOptions,
    codec: TokenCodec,
    revocation: Revocation | undefined,
    onReuse: RefreshTokenReuseHook | undefined,
    sessions: Sessions | null,
  ) {
    this.#options = options;
    this.#codec = codec;
    this.#revocation = revocation;
    this.#onReuse = onReuse;
    this.#sessions = sessions;
  }

  /**
   * A login's access and refresh tokens, tied into one new family (the `fam` claim), and
   * its session recorded when the store keeps sessions.
   */
  async createPair(identity: unknown, options: TokenPairOptions): Promise<TokenPair> {
    checkOptionsArgument(options, "createTokenPair options");
    const { sessionMetadata, ...tokenOptions } = options;
    // Metadata the store cannot keep is a configuration mistake, found before any token.
    const metadata = sessionMetadata === undefined ? {} : checkMetadata(sessionMetadata);
    const sessions =
      sessionMetadata === undefined
        ? this.#sessions
        : requireSessions(this.#revocation, this.#sessions, "createTokenPair sessionMetadata");
    const family = randomUUID();
    const pair = await this.#pair(family, tokenOptions, identity);
    await sessions?.record(family, this.#codec.read(pair.refreshToken).payload, metadata);
    return pair;
  }

  /**
   * For the verified refresh token of `context`, a new access token (not fresh, in the same
   * family) and, with `refreshRotation`, a new refresh token, after marking the presented
   * one used (see {@link markRefreshTokenUsed}).
   */
  async refresh(context: Verified): Promise<RefreshedTokens> {
    if (typeof context?.payload !== "object" || context.payload === null) {
      throw new MissingGuardError(
        "refreshTokens() needs the context of a request verified by jwtRequired({ refresh: true })",
      );
    }
    const { header, payload, location } = context;
    if (payload.type !== "refresh") throw new WrongTokenError("Only refresh tokens are allowed");
    if (!this.#options.refreshRotation) {
      const accessToken = await this.renewAccess(context);
      const family = familyOf(payload);
      if (family !== null) await this.#sessions?.refreshed(family, payload);
      return { accessToken, refreshToken: null };
    }
    const family = await markRefreshTokenUsed(
      requireRevocation(this.#revocation, "refreshTokens"),
      { header, payload, location },
      this.#options.refreshRotationGrace,
      this.#onReuse,
    );
    const identity = context.user ?? context.identity;
    const pair = await this.#pair(family, {}, identity, { value: context.identity });
    await this.#sessions?.refreshed(family, this.#codec.read(pair.refreshToken).payload);
    return pair;
  }

  /** A new access token for a verified request's identity, not fresh, in its token's family. */
  renewAccess(context: Verified): Promise<string> {
    const family = familyClaim(context.payload);
    const call = family === null ? {} : { additionalClaims: { [FAMILY_CLAIM]: family } };
    return this.#codec.create("access", context.user ?? context.identity, call, {
      value: context.identity,
    });
  }

  async #pair(
    family: string,
    options: Omit<TokenPairOptions, "sessionMetadata">,
    identity: unknown,
    identityClaim?: { readonly value: unknown },
  ): Promise<TokenPair> {
    const additionalClaims = { ...options.additionalClaims, [FAMILY_CLAIM]: family };
    const refresh: CreateTokenOptions = {
      additionalClaims,
      additionalHeaders: options.additionalHeaders,
      fresh: false,
    };
    const [accessToken, refreshToken] = await Promise.all([
      this.#codec.create("access", identity, { ...options, additionalClaims }, identityClaim),
      this.#codec.create("refresh", identity, refresh, identityClaim),
    ]);
    return { accessToken, refreshToken };
  }
}
