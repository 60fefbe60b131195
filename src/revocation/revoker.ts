import { checkObjectArgument, checkOptionsArgument } from "../config/arguments.ts";
import type { ResolvedOptions } from "../config/option-table.ts";
import { ConfigurationError } from "../errors.ts";
import type { RequestView } from "../request/request-view.ts";
import type { TokenCodec } from "../token/codec.ts";
import { requireTokenId } from "../token/id.ts";
import type { JwtPayload } from "../token/payload.ts";
import { presentedTokens, revokePresentedTokens } from "./logout.ts";
import { familyOf, type Revocation, requireRevocation } from "./revocation.ts";
import { requireSessions, type Session, type Sessions } from "./sessions.ts";
import { identityTag } from "./store-keys.ts";

/**
 * Options of `JwtManager.revokeToken`.
 *
 * @example
 * await jwt.revokeToken(refreshToken, { family: true } satisfies RevokeTokenOptions);
 */
export interface RevokeTokenOptions {
  /** Revoke the token's whole family too: every token of its login. @default false */
  family?: boolean;
}

/**
 * The revocations an application asks for, built once per manager: one token (and its
 * family), or everything a logout request presents. Each token is verified first (an
 * expired one too: revoking it takes nothing from its holder), and each operation throws a
 * `ConfigurationError` when the manager has no store.
 */
export class TokenRevoker {
  readonly #options: ResolvedOptions;
  readonly #codec: TokenCodec;
  readonly #revocation: Revocation | undefined;
  readonly #sessions: Sessions | null;

  constructor(
    options: ResolvedOptions,
    codec: TokenCodec,
    revocation: Revocation | undefined,
    sessions: Sessions | null,
  ) {
    this.#options = options;
    this.#codec = codec;
    this.#revocation = revocation;
    this.#sessions = sessions;
  }

  /**
   * Refuses every token of `identity` (the identity claim's value) issued before now, on
   * every instance sharing the store; resolves once the next second has begun (see
   * {@link Revocation.revokeIdentity}).
   */
  async revokeAll(identity: unknown): Promise<void> {
    const revocation = requireRevocation(this.#revocation, "revokeAllTokens");
    if (!revocation.revokesIdentities) {
      throw new ConfigurationError(
        "revokeAllTokens: the store cannot revoke every token of an identity; it needs getMany (as MemoryTokenStore and RedisTokenStore have)",
      );
    }
    await revocation.revokeIdentity(identityTag(identity));
  }

  /** The identity's live sessions, oldest first. */
  async listSessions(identity: unknown): Promise<Session[]> {
    return requireSessions(this.#revocation, this.#sessions, "listSessions").list(identity);
  }

  /** Revokes one of the identity's sessions; `false` when it has no live session of that id. */
  async revokeSession(identity: unknown, sessionId: string): Promise<boolean> {
    const sessions = requireSessions(this.#revocation, this.#sessions, "revokeSession");
    if (typeof sessionId !== "string" || sessionId.length === 0) return false;
    return sessions.revoke(identity, sessionId);
  }

  /** Revokes a token until it expires; with `{ family: true }`, every token of its login too. */
  async revokeToken(token: string | JwtPayload, options: RevokeTokenOptions): Promise<void> {
    const revocation = requireRevocation(this.#revocation, "revokeToken");
    if (typeof token !== "string") checkObjectArgument(token, "revokeToken token");
    checkOptionsArgument(options, "revokeToken options");
    const payload = typeof token === "string" ? await this.#verified(token) : token;
    // Before any write: a token that cannot be named is not half revoked (its family alone).
    requireTokenId(payload);
    const family = options.family ? familyOf(payload) : null;
    await Promise.all([
      revocation.revoke(payload),
      family === null
        ? undefined
        : revocation.revokeFamily(
            revocation.tagOf(payload),
            family,
            revocation.remainingMs(payload),
          ),
    ]);
  }

  /**
   * A logout's revocation: every token the request presents, the `verified` token of its
   * route check when there was one, and their families (see {@link revokePresentedTokens}).
   */
  async revokeRequestTokens(
    view: RequestView,
    verified: JwtPayload | undefined,
  ): Promise<JwtPayload[]> {
    const revocation = requireRevocation(this.#revocation, "revokeRequestTokens");
    return revokePresentedTokens(
      revocation,
      await presentedTokens(view, this.#options),
      (token) => this.#verified(token),
      verified,
    );
  }

  /** A token's claims once its signature verified, expired or not. */
  async #verified(token: string): Promise<JwtPayload> {
    return (await this.#codec.decode(token, undefined, true)).payload;
  }
}
