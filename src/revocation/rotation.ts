import type { TokenLocation } from "../config/option-values.ts";
import { ExpiredSignatureError, type JwtExtendedError, RevokedTokenError } from "../errors.ts";
import { requireTokenId } from "../token/id.ts";
import type { DecodedJwt, JwtHeader, JwtPayload } from "../token/payload.ts";
import { familyOf, type Revocation } from "./revocation.ts";
import { usedKey } from "./store-keys.ts";

/**
 * What `onRefreshTokenReuse` learns of a detected reuse.
 *
 * @example
 * const log = ({ family, payload, firstUsedAt }: RefreshTokenReuse) =>
 *   console.warn(`reuse of ${payload.jti} (family ${family}, first used ${new Date(firstUsedAt)})`);
 */
export interface RefreshTokenReuse {
  /** The family that was revoked: every token of the login the reused token came from. */
  readonly family: string;
  /** The claims of the refresh token that was presented again. */
  readonly payload: JwtPayload;
  /** Its header. */
  readonly header: JwtHeader;
  /** When it was first used, in milliseconds since the epoch. */
  readonly firstUsedAt: number;
}

/**
 * Called once per detected reuse, after the family was revoked; an error it throws goes to
 * the framework's error handling (the family stays revoked).
 *
 * @example
 * const onRefreshTokenReuse: RefreshTokenReuseHook = async ({ payload }) => {
 *   await securityLog.append({ event: "refresh-token-reuse", user: payload.sub });
 * };
 */
export type RefreshTokenReuseHook = (event: RefreshTokenReuse) => void | Promise<void>;

/**
 * Marks a refresh token used and returns the family the new tokens join; throws
 * `RevokedTokenError` when the token was already used (outside the grace window), after
 * revoking its family and calling `onReuse`.
 *
 * The mark is one atomic "store if absent" (`SET key value NX PX ttl` in Redis): of two
 * requests presenting the same token, on one instance or on several sharing the store,
 * exactly one marks it. The other finds the mark and compares its time with the grace
 * window: concurrent refreshes of one client (two tabs, a retried request) arrive within a
 * few seconds and are served; a token replayed later means two parties hold it, the user
 * and a thief, and the server cannot tell which is which, so it revokes the whole family:
 * both lose their tokens and the user logs in again.
 *
 * The failures carry the token's `location`, as the route check's do: a 401 about a refresh
 * token sent in the `Authorization` header gets its `WWW-Authenticate` challenge.
 */
export async function markRefreshTokenUsed(
  revocation: Revocation,
  token: DecodedJwt & { location?: TokenLocation | null },
  graceSeconds: number,
  onReuse: RefreshTokenReuseHook | undefined,
): Promise<string> {
  const { header, payload, location } = token;
  const fail = (error: JwtExtendedError): never => {
    error.jwt = { header, payload };
    if (location) error.location = location;
    throw error;
  };
  // A token without a jti cannot be marked, so its reuse could not be seen: refused.
  const jti = requireTokenId(payload);
  const family = familyOf(payload) ?? jti;
  const now = Date.now();
  const key = usedKey(jti);
  const remaining = revocation.remainingMs(payload, now);
  // The mark lives as long as the token: afterwards the token is refused as expired anyway.
  const ttl = remaining === null ? null : Math.max(1, Math.ceil(remaining));
  if (await revocation.store.setIfAbsent(key, String(now), ttl)) return family;

  const stored = await revocation.store.get(key);
  // The mark left with the token's lifetime between the two calls: the token just expired.
  if (stored === null) return fail(new ExpiredSignatureError());
  const firstUsedAt = Number(stored);
  if (now - firstUsedAt < graceSeconds * 1000) return family;

  await revocation.revokeFamily(revocation.tagOf(payload), family, remaining);
  await onReuse?.({ family, payload, header, firstUsedAt });
  return fail(new RevokedTokenError());
}

/**
 * The two tokens of one login, tied into one family.
 *
 * @example
 * const { accessToken, refreshToken }: TokenPair = await jwt.createTokenPair("alice");
 */
export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
}

/**
 * What a refresh answers: a new access token, and a new refresh token when rotating.
 *
 * @example
 * const { accessToken, refreshToken }: RefreshedTokens = await jwt.refreshTokens(context);
 */
export interface RefreshedTokens {
  readonly accessToken: string;
  /** The rotated refresh token; `null` when `refreshRotation` is off. */
  readonly refreshToken: string | null;
}
