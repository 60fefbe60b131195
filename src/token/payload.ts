/** A token's JOSE header. */
export interface JwtHeader {
  alg: string;
  typ?: string;
  kid?: string;
  [parameter: string]: unknown;
}

/**
 * A decoded token's claims, with the Python library's defaults applied on decode: a missing
 * `type` reads as `"access"`, a missing `fresh` as `false`, a missing `jti` as `null`.
 */
export interface JwtPayload {
  /** `true`, `false`, or the NumericDate until which the token counts as fresh. */
  fresh: boolean | number;
  iat?: number;
  jti: string | null;
  type: "access" | "refresh" | (string & {});
  sub?: unknown;
  nbf?: number;
  exp?: number;
  csrf?: string;
  aud?: string | string[];
  iss?: string;
  [claim: string]: unknown;
}

/** The claims of a token, typed with the application's own additional claims. */
export type Payload<Claims extends object = Record<string, unknown>> = JwtPayload & Claims;

/**
 * The claims a loader receives with a verified token: those of {@link Payload}, with the
 * identity claim typed as the manager's `Identity` (what the user-identity loader encodes
 * an identity to; by default the identity as given). A token without the identity claim
 * never gets this far (422 `Missing claim: sub`), and with the default `verifySub`, a `sub`
 * that is not a string is refused (422). When `identityClaim` names another claim, the
 * identity is under that name, and `sub` is whatever the token carries.
 *
 * `jti` is a `string` when a store is configured (a token without one is refused, 422);
 * without a store, a token minted elsewhere without one reads as `null`, as in the Python
 * library. Tokens this library and flask-jwt-extended create always carry one. The loaders
 * that decide about revocation receive a {@link RevocablePayload}, whose `jti` is always a
 * string.
 *
 * @example
 * jwt.userLookupLoader(async (_header, payload) => users.find(payload.sub));
 */
export type TokenPayload<
  Identity = unknown,
  Claims extends object = Record<string, unknown>,
> = Payload<Claims> & { sub: Identity };

/**
 * The claims the revocation loaders (`tokenInBlocklist`, `revokedToken`) receive: a
 * {@link TokenPayload} whose `jti` is a non-empty string. A revocation must name the token,
 * so while a store or a blocklist loader checks tokens, a token without such a `jti` is
 * refused with 422 `Missing claim: jti` before any of them is asked.
 *
 * @example
 * jwt.tokenInBlocklistLoader(async (_header, payload) => revoked.has(payload.jti));
 */
export type RevocablePayload<
  Identity = unknown,
  Claims extends object = Record<string, unknown>,
> = TokenPayload<Identity, Claims> & { jti: string };

/**
 * A token's two JSON parts: verified (or, for expiry, signature-checked) once decoded, only
 * checked for form when read unverified.
 */
export interface DecodedJwt {
  header: JwtHeader;
  payload: JwtPayload;
}

/** A JSON object whose values are all primitives: a shallow copy of it is a whole copy. */
export type FlatJson = Record<string, string | number | boolean | null>;

/** Whether every value of a JSON object is a string, number, boolean or null. */
export const isFlat = (object: Record<string, unknown>): object is FlatJson => {
  for (const key in object) {
    const value = object[key];
    if (value !== null && typeof value === "object") return false;
  }
  return true;
};
