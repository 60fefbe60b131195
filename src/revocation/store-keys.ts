/**
 * The names the core gives its store entries. Every entry about one identity's tokens
 * carries the identity in a `{…}` segment, Redis Cluster's hash tag: the keys one request
 * asks about together (its token, its family, its identity's "revoked before") then live in
 * one hash slot and are answered by one command.
 */

/**
 * The identity as a hash tag: a string percent-encoded (so it holds no `{` or `}`), any
 * other value as `:` and its encoded JSON (a `:` never starts an encoded string, so the two
 * cannot meet). A string that cannot be percent-encoded (a lone surrogate) is tagged by its
 * UTF-16 code units.
 */
export function identityTag(identity: unknown): string {
  if (typeof identity === "string") {
    try {
      return encodeURIComponent(identity);
    } catch {
      let units = "$";
      for (let index = 0; index < identity.length; index++) {
        units += identity.charCodeAt(index).toString(16).padStart(4, "0");
      }
      return units;
    }
  }
  return `:${encodeURIComponent(JSON.stringify(identity) ?? "")}`;
}

/** One revoked token, by its `jti`. */
export const revokedKey = (tag: string, jti: string): string => `revoked:{${tag}}:${jti}`;

/** One revoked family (a login and every token refreshed from it). */
export const familyKey = (tag: string, family: string): string =>
  `revoked-family:{${tag}}:${family}`;

/** The identity's "revoked before": tokens issued before that second are refused. */
export const revokedBeforeKey = (tag: string): string => `revoked-before:{${tag}}`;

/** The identity's sessions: a map from family to the session's record. */
export const sessionsKey = (tag: string): string => `sessions:{${tag}}`;

/** A refresh token marked used, by its `jti` (asked alone, so it needs no tag). */
export const usedKey = (jti: string): string => `used:${jti}`;
