import { ConfigurationError } from "../errors.ts";
import type { TokenStore } from "../stores/token-store.ts";
import { tokenId } from "../token/id.ts";
import type { JwtPayload } from "../token/payload.ts";
import { hasMethods, MAP_METHODS } from "./bounded-store.ts";
import { type Revocation, requireRevocation } from "./revocation.ts";
import { familyKey, identityTag, revokedBeforeKey, revokedKey, sessionsKey } from "./store-keys.ts";

/**
 * What an application attaches to a login, shown back by `listSessions`: short values such
 * as the user agent or a device name. At most {@link MAX_METADATA_LENGTH} characters as JSON.
 *
 * @example
 * const metadata: SessionMetadata = { userAgent: req.get("user-agent")?.slice(0, 200) ?? null };
 */
export type SessionMetadata = Readonly<Record<string, string | number | boolean | null>>;

/** The most characters a session's metadata may take, as JSON. */
export const MAX_METADATA_LENGTH = 2048;

/**
 * One live login of an identity: a refresh-token family, from `createTokenPair` to the
 * expiry of its newest refresh token.
 *
 * @example
 * const [newest] = (await jwt.listSessions("alice")).sort((a, b) => +b.createdAt - +a.createdAt);
 */
export interface Session {
  /** The family's id (the tokens' `fam` claim), which `revokeSession` takes. */
  readonly id: string;
  /** When the login happened. */
  readonly createdAt: Date;
  /** When its tokens were last refreshed; `null` until the first refresh. */
  readonly lastRefreshedAt: Date | null;
  /** When its newest refresh token expires (its `exp`); `null` when it never does. */
  readonly expiresAt: Date | null;
  /** What the application attached at login (`createTokenPair`'s `sessionMetadata`). */
  readonly metadata: SessionMetadata;
}

/** A session as stored: times in milliseconds, and what tells whether it is still alive. */
interface SessionRecord {
  readonly created: number;
  readonly refreshed: number | null;
  readonly expires: number | null;
  /** The newest refresh token's `iat` and `jti`, which "log out everywhere" and revocation name. */
  readonly issuedAt: number;
  readonly refreshJti: string;
  readonly metadata: SessionMetadata;
}

const SESSION_METHODS = ["getMany", ...MAP_METHODS] as const;

/** A store that can keep sessions. */
type SessionStore = TokenStore & Required<Pick<TokenStore, (typeof SESSION_METHODS)[number]>>;

/**
 * The manager's sessions, for an operation that needs them; throws a `ConfigurationError`
 * naming `method` when the manager has no store, or one that cannot keep sessions.
 */
export function requireSessions(
  revocation: Revocation | undefined,
  sessions: Sessions | null,
  method: string,
): Sessions {
  if (sessions !== null) return sessions;
  requireRevocation(revocation, method);
  throw new ConfigurationError(
    `${method}: the store cannot keep sessions; it needs getMany, mapSet, mapEntries and mapDelete (as MemoryTokenStore and RedisTokenStore have)`,
  );
}

/** The metadata as given, once checked: an object of short JSON values. */
export function checkMetadata(metadata: unknown): SessionMetadata {
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) {
    throw new ConfigurationError("sessionMetadata: expected an object");
  }
  for (const [name, value] of Object.entries(metadata)) {
    const kind = typeof value;
    if (!(value === null || kind === "string" || kind === "boolean" || Number.isFinite(value))) {
      throw new ConfigurationError(
        `sessionMetadata.${name}: expected a string, a finite number, a boolean or null`,
      );
    }
  }
  if (JSON.stringify(metadata).length > MAX_METADATA_LENGTH) {
    throw new ConfigurationError(
      `sessionMetadata: expected at most ${MAX_METADATA_LENGTH} characters as JSON`,
    );
  }
  return metadata as SessionMetadata;
}

/** A stored record, or `null` for a value that is not one (it then counts as ended). */
function parseRecord(value: string): SessionRecord | null {
  try {
    const record: unknown = JSON.parse(value);
    if (typeof record !== "object" || record === null) return null;
    const { created, issuedAt, refreshJti } = record as Partial<SessionRecord>;
    if (typeof created !== "number" || typeof issuedAt !== "number") return null;
    return typeof refreshJti === "string" ? (record as SessionRecord) : null;
  } catch {
    return null;
  }
}

/**
 * The sessions of each identity, kept in the store as a map per identity
 * (`sessions:{id}`, one field per family, each expiring with its newest refresh token). A
 * session ends when its family or its newest refresh token is revoked, when every token of
 * its identity is, or when it expires; listing the sessions finds out (one round trip for
 * all of them) and removes the ended ones.
 */
export class Sessions {
  readonly #revocation: Revocation;
  readonly #store: SessionStore;

  /** Sessions over the revocation's store; `null` when that store cannot keep them. */
  static over(revocation: Revocation): Sessions | null {
    const store = revocation.store;
    return hasMethods(store, SESSION_METHODS) ? new Sessions(revocation, store) : null;
  }

  private constructor(revocation: Revocation, store: SessionStore) {
    this.#revocation = revocation;
    this.#store = store;
  }

  /** Records a login: its family, its refresh token's claims, and the application's metadata. */
  async record(family: string, refresh: JwtPayload, metadata: SessionMetadata): Promise<void> {
    const now = Date.now();
    const remaining = this.#revocation.remainingMs(refresh, now);
    if (remaining !== null && remaining <= 0) return;
    const record: SessionRecord = {
      created: now,
      refreshed: null,
      expires: typeof refresh.exp === "number" ? refresh.exp * 1000 : null,
      issuedAt: typeof refresh.iat === "number" ? refresh.iat : Math.floor(now / 1000),
      refreshJti: tokenId(refresh) ?? "",
      metadata,
    };
    await this.#write(this.#revocation.tagOf(refresh), family, record, remaining);
  }

  /**
   * Records a refresh of the family: its newest refresh token, and when it happened. A
   * family without a session (tokens created one by one, not by `createTokenPair`) gets none.
   */
  async refreshed(family: string, refresh: JwtPayload): Promise<void> {
    const tag = this.#revocation.tagOf(refresh);
    const entries = await this.#store.mapEntries(sessionsKey(tag));
    const stored = entries.find(([field]) => field === family);
    const previous = stored === undefined ? null : parseRecord(stored[1]);
    const now = Date.now();
    const remaining = this.#revocation.remainingMs(refresh, now);
    if (previous === null || (remaining !== null && remaining <= 0)) return;
    const record: SessionRecord = {
      ...previous,
      refreshed: now,
      expires: typeof refresh.exp === "number" ? refresh.exp * 1000 : null,
      issuedAt: typeof refresh.iat === "number" ? refresh.iat : Math.floor(now / 1000),
      refreshJti: tokenId(refresh) ?? "",
    };
    await this.#write(tag, family, record, remaining);
  }

  async #write(
    tag: string,
    family: string,
    record: SessionRecord,
    remaining: number | null,
  ): Promise<void> {
    const ttl = remaining === null ? null : Math.ceil(remaining);
    await this.#store.mapSet(sessionsKey(tag), family, JSON.stringify(record), ttl);
  }

  /**
   * The identity's live sessions, oldest first (by id within one millisecond); the ended ones
   * are removed on the way.
   */
  async list(identity: unknown): Promise<Session[]> {
    return (await this.#live(identityTag(identity))).map(([id, record]) => ({
      id,
      createdAt: new Date(record.created),
      lastRefreshedAt: record.refreshed === null ? null : new Date(record.refreshed),
      expiresAt: record.expires === null ? null : new Date(record.expires),
      metadata: record.metadata,
    }));
  }

  /**
   * Revokes one session of the identity: every token of its family. `false` when the
   * identity has no live session of that id (another identity's included), and nothing
   * is written.
   */
  async revoke(identity: unknown, family: string): Promise<boolean> {
    const tag = identityTag(identity);
    const session = (await this.#live(tag)).find(([id]) => id === family);
    if (session === undefined) return false;
    const expires = session[1].expires;
    const remaining =
      expires === null ? null : this.#revocation.remainingMs({ exp: expires / 1000 });
    await this.#revocation.revokeFamily(tag, family, remaining);
    await this.#store.mapDelete(sessionsKey(tag), [family]);
    return true;
  }

  /** The live sessions of the identity tagged `tag`, oldest first, after removing the ended. */
  async #live(tag: string): Promise<[string, SessionRecord][]> {
    const key = sessionsKey(tag);
    const entries = await this.#store.mapEntries(key);
    if (entries.length === 0) return [];
    const records = entries.map(([id, value]) => [id, parseRecord(value)] as const);
    // One question for every session: its family, its newest refresh token, the identity.
    const keys = [revokedBeforeKey(tag)];
    for (const [id, record] of records) {
      keys.push(familyKey(tag, id), revokedKey(tag, record?.refreshJti ?? ""));
    }
    const [cutoff = null, ...revoked] = await this.#store.getMany(keys);
    const now = Date.now();
    const live: [string, SessionRecord][] = [];
    const ended: string[] = [];
    records.forEach(([id, record], index) => {
      const alive =
        record !== null &&
        revoked[2 * index] === null &&
        revoked[2 * index + 1] === null &&
        (cutoff === null || record.issuedAt >= Number(cutoff)) &&
        (record.expires === null ||
          (this.#revocation.remainingMs({ exp: record.expires / 1000 }, now) ?? 1) > 0);
      if (alive) live.push([id, record]);
      else ended.push(id);
    });
    if (ended.length > 0) await this.#store.mapDelete(key, ended);
    // Oldest first; logins of the same millisecond in the order of their ids.
    return live.sort(([idA, a], [idB, b]) => a.created - b.created || (idA < idB ? -1 : 1));
  }
}
