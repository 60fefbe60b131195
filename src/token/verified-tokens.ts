import { type DecodedJwt, isFlat, type JwtHeader, type JwtPayload } from "./payload.ts";

/** How many verified tokens are remembered, at most; the oldest is forgotten first. */
export const VERIFIED_TOKENS_LIMIT = 4096;

/** How many characters of a token's end (its signature) make its hashes. */
const TAIL_CHARS = 12;

/**
 * A 30-bit hash of the last characters of a token's signature (random characters, hashed
 * without allocating), seeded so that two seeds give two independent hashes. It keys the
 * map: a hit still compares the whole text.
 */
function tailHash(token: string, seed: number): number {
  let hash = seed;
  for (let i = Math.max(0, token.length - TAIL_CHARS); i < token.length; i++) {
    hash = Math.imul(hash ^ token.charCodeAt(i), 0x01000193);
  }
  // Small integers are the cheapest Map keys.
  return hash >>> 2;
}

const KEY_SEED = 0x811c9dc5;
const MARK_SEED = 0x5bd1e995;

interface Entry {
  /** The token's whole text: a hit must present exactly it. */
  readonly token: string;
  readonly header: Readonly<JwtHeader>;
  readonly payload: Readonly<JwtPayload>;
  /** The first and last instants (ms) the engine accepts the token at, leeway included. */
  readonly validFrom: number;
  readonly validUntil: number;
}

/**
 * The tokens that passed the strict read and the signature check lately, by their exact
 * text (looked up by a hash of their signature's end, then compared whole): a session
 * presents the same token on every request, and those two steps are most of what
 * verifying costs. Using it is safe because
 *
 * - only tokens that verified are stored: a forged or malformed token never gets in, so a
 *   client cannot fill it, and a miss costs one lookup before the usual verification;
 * - verification depends on the token text and the key alone, so the manager uses this
 *   only when its keys are configured (never with a decode-key loader or a JWK Set URL,
 *   whose keys may change);
 * - `nbf` and `exp` are checked on every hit as the engine checks them (same leeway); a
 *   token outside its window is dropped and verified again, which reports the error;
 * - everything after decoding (CSRF, type, freshness, revocation, claims and user
 *   loaders) still runs on every request;
 * - each hit gets its own copies, and only tokens whose header and claims are all
 *   primitive values are stored, so a handler changing its payload changes nothing for
 *   the next request.
 */
export class VerifiedTokens {
  readonly #entries = new Map<number, Entry>();
  readonly #limit: number;
  readonly #leewayMs: number;
  /** Fingerprints of tokens verified once lately, by slot (see {@link offer}). */
  readonly #seenOnce: Int32Array;

  constructor(leewaySeconds: number, limit = VERIFIED_TOKENS_LIMIT) {
    this.#leewayMs = leewaySeconds * 1000;
    this.#limit = limit;
    this.#seenOnce = new Int32Array(Math.max(1, limit));
  }

  /**
   * Remembers a token verified for the second time lately; the first time, only its
   * fingerprint is noted, in a fixed table that allocates nothing. With many users, most
   * tokens verified are seen once in a while: storing each would copy it, evict another
   * and leave garbage for the collector on every request, and a session's token, sent
   * again and again, is remembered from its second request on. A fingerprint collision
   * only remembers a verified token one request early.
   */
  offer(token: string, decoded: DecodedJwt): void {
    if (this.#limit <= 0) return;
    const index = tailHash(token, KEY_SEED) % this.#seenOnce.length;
    const mark = tailHash(token, MARK_SEED) | 1;
    if (this.#seenOnce[index] === mark) this.remember(token, decoded);
    else this.#seenOnce[index] = mark;
  }

  /** The token's header and claims (fresh copies) if it verified lately and is still valid now. */
  get(token: string, now = Date.now()): DecodedJwt | undefined {
    const key = tailHash(token, KEY_SEED);
    const entry = this.#entries.get(key);
    if (entry === undefined || entry.token !== token) return undefined;
    if (now < entry.validFrom || now > entry.validUntil) {
      this.#entries.delete(key);
      return undefined;
    }
    return { header: { ...entry.header }, payload: { ...entry.payload } };
  }

  /** Remembers a token the engine has just verified, unless its JSON is nested. */
  remember(token: string, { header, payload }: DecodedJwt): void {
    if (this.#limit <= 0 || !isFlat(header) || !isFlat(payload)) return;
    if (this.#entries.size >= this.#limit) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    const { nbf, exp } = payload;
    this.#entries.set(tailHash(token, KEY_SEED), {
      token,
      header: { ...header },
      payload: { ...payload },
      validFrom: typeof nbf === "number" ? nbf * 1000 - this.#leewayMs : Number.NEGATIVE_INFINITY,
      validUntil: typeof exp === "number" ? exp * 1000 + this.#leewayMs : Number.POSITIVE_INFINITY,
    });
  }

  /** How many tokens are remembered. */
  get size(): number {
    return this.#entries.size;
  }
}
