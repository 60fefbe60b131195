import type { ResolvedOptions } from "../config/option-table.ts";
import { ConfigurationError } from "../errors.ts";
import { MemoryTokenStore } from "../stores/memory.ts";
import type { TokenStore } from "../stores/token-store.ts";
import { requireTokenId, tokenId } from "../token/id.ts";
import type { JwtPayload } from "../token/payload.ts";
import { boundStore } from "./bounded-store.ts";
import { familyKey, identityTag, revokedBeforeKey, revokedKey } from "./store-keys.ts";

/**
 * The claim that ties the tokens of one login together: the access and refresh tokens a
 * login creates, and every token refreshed from them, share its value. Revoking the family
 * revokes all of them at once.
 *
 * @example
 * const { accessToken } = await jwt.createTokenPair("alice");
 * const family = (await jwt.decodeToken(accessToken))[FAMILY_CLAIM];
 */
export const FAMILY_CLAIM = "fam";

/**
 * How long after a family is revoked a token of it may still be presented, beyond the
 * configured lifetimes: a refresh that was already past its revocation check when the
 * family was revoked still creates tokens, a moment later.
 */
const FAMILY_MARGIN_MS = 60_000;

/** The token's `fam` claim, when it has one. */
export const familyClaim = (payload: JwtPayload): string | null => {
  const family = payload[FAMILY_CLAIM];
  return typeof family === "string" && family.length > 0 ? family : null;
};

/**
 * The family a token belongs to: its `fam` claim, or, for a token without one, its own
 * `jti`: such a token is the root of the family that refreshing it starts.
 */
export const familyOf = (payload: JwtPayload): string | null =>
  familyClaim(payload) ?? tokenId(payload);

/**
 * Revocation over a {@link TokenStore}: one entry per revoked token (`revoked:{id}:<jti>`),
 * one per revoked family (`revoked-family:{id}:<fam>`) and one per identity whose tokens
 * were all revoked (`revoked-before:{id}`, the first second of `iat` still accepted), each
 * kept only while a token it concerns could still be accepted, so that the store forgets
 * what no longer matters. (`{id}` is the token's identity, see {@link identityTag}.)
 */
export class Revocation {
  readonly store: TokenStore;
  readonly #options: ResolvedOptions;

  /** `store` is used as given: the manager bounds it by `storeTimeout` first. */
  constructor(store: TokenStore, options: ResolvedOptions) {
    this.store = store;
    this.#options = options;
  }

  /**
   * Milliseconds from `now` to the first instant the token is refused as expired, `null` for
   * a token that never expires; zero or less once it is refused anyway. The engine accepts a
   * token up to and including `exp` plus the decode leeway (in milliseconds), so the first
   * refused instant is the millisecond after: an entry kept this long (a store keeps an
   * entry written with a TTL at least until that TTL has passed) outlives every instant at
   * which the token still verifies.
   */
  remainingMs(payload: Pick<JwtPayload, "exp">, now = Date.now()): number | null {
    if (typeof payload.exp !== "number") return null;
    const lastAccepted = Math.floor((payload.exp + this.#options.decodeLeeway) * 1000);
    return lastAccepted + 1 - now;
  }

  /** The hash tag of the token's identity, which names its entries (see store-keys.ts). */
  tagOf(payload: JwtPayload): string {
    return identityTag(payload[this.#options.identityClaim]);
  }

  /** Whether the store can revoke every token of an identity (it has `getMany`). */
  get revokesIdentities(): boolean {
    return this.store.getMany !== undefined;
  }

  /**
   * Whether the token, its family, or every token of its identity issued before it was
   * revoked: one store round trip (`getMany`; a store without it is asked `hasAny` about the
   * token and its family).
   */
  isRevoked(payload: JwtPayload): Promise<boolean> {
    const tag = this.tagOf(payload);
    const keys: string[] = [revokedBeforeKey(tag)];
    const jti = tokenId(payload);
    if (jti !== null) keys.push(revokedKey(tag, jti));
    const family = familyOf(payload);
    if (family !== null) keys.push(familyKey(tag, family));
    if (this.store.getMany === undefined) {
      return keys.length === 1 ? Promise.resolve(false) : this.store.hasAny(keys.slice(1));
    }
    return this.store.getMany(keys).then((values) => {
      for (let index = 1; index < values.length; index++) if (values[index] != null) return true;
      return issuedBefore(payload, values[0] ?? null);
    });
  }

  /**
   * Revokes one token by its `jti`, until it expires. An expired token needs no entry: it is
   * refused anyway. Throws a `JwtDecodeError` (422) for a token without a non-empty string
   * `jti`, which cannot be named.
   */
  async revoke(payload: JwtPayload): Promise<void> {
    const jti = requireTokenId(payload);
    const ttl = this.remainingMs(payload);
    if (ttl !== null && ttl <= 0) return;
    const key = revokedKey(this.tagOf(payload), jti);
    await this.store.set(key, "1", ttl === null ? null : Math.ceil(ttl));
  }

  /**
   * Refuses every token of the identity tagged `tag` issued before now, whatever its family
   * (the `revoked-before` entry, compared with `iat` on every request). `iat` counts whole
   * seconds, so a token issued earlier in the current second cannot be told from one issued
   * later in it: every token of this second is refused, and the call resolves only once the
   * next second has begun, so that a token created after it resolves is accepted.
   */
  async revokeIdentity(tag: string): Promise<void> {
    const cutoff = Math.floor(Date.now() / 1000) + 1;
    await this.store.set(revokedBeforeKey(tag), String(cutoff), this.longestLifeMs());
    const wait = cutoff * 1000 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  /**
   * Revokes every token of a family of the identity tagged `tag`. The entry lives as long
   * as the longest configured token lifetime (a family's tokens are created with those), or
   * `atLeastMs` when longer; for ever when a lifetime is unlimited.
   */
  async revokeFamily(tag: string, family: string, atLeastMs: number | null = 0): Promise<void> {
    await this.store.set(familyKey(tag, family), "1", this.longestLifeMs(atLeastMs));
  }

  /**
   * Milliseconds an entry about every token of a login or an identity must live: the
   * longest configured lifetime plus the leeway and a margin, or `atLeastMs` when longer;
   * `null` (for ever) when a lifetime is unlimited.
   */
  longestLifeMs(atLeastMs: number | null = 0): number | null {
    const { accessTokenExpires, refreshTokenExpires, decodeLeeway } = this.#options;
    if (accessTokenExpires === false || refreshTokenExpires === false || atLeastMs === null) {
      return null;
    }
    const longest = Math.max(accessTokenExpires, refreshTokenExpires) + decodeLeeway;
    return Math.ceil(Math.max(longest * 1000 + FAMILY_MARGIN_MS, atLeastMs));
  }
}

/**
 * Whether a token was issued before its identity's "revoked before" second (`cutoff`, as
 * stored; `null` when the identity has none). A token without a numeric `iat` cannot show
 * that it came later, so it counts as issued before.
 */
function issuedBefore(payload: JwtPayload, cutoff: string | null): boolean {
  if (cutoff === null) return false;
  return !(typeof payload.iat === "number" && payload.iat >= Number(cutoff));
}

/**
 * The manager's revocation, for an operation that cannot work without a store; throws a
 * `ConfigurationError` naming the `method` when there is none.
 */
export function requireRevocation(revocation: Revocation | undefined, method: string): Revocation {
  if (revocation !== undefined) return revocation;
  throw new ConfigurationError(
    `${method}: the manager has no store; pass one, e.g. new JwtManager({ store: new MemoryTokenStore() })`,
  );
}

const STORE_METHODS = ["get", "set", "setIfAbsent", "hasAny"] as const;

/**
 * The manager's revocation, when it has a store: the one given, or an in-memory one when
 * rotation is on without a store (rotation cannot work without remembering used tokens).
 */
export function createRevocation(
  store: TokenStore | undefined,
  options: ResolvedOptions,
): Revocation | undefined {
  const chosen = store ?? (options.refreshRotation ? new MemoryTokenStore() : undefined);
  if (chosen === undefined) return undefined;
  const missing = STORE_METHODS.filter((name) => typeof chosen[name] !== "function");
  if (missing.length > 0) {
    throw new ConfigurationError(
      `store: expected a TokenStore, got an object without ${missing.join(", ")}`,
    );
  }
  if (!(options.storeTimeout > 0)) {
    throw new ConfigurationError(
      `storeTimeout: expected a positive number of seconds, got ${options.storeTimeout}`,
    );
  }
  return new Revocation(boundStore(chosen, options.storeTimeout * 1000), options);
}
