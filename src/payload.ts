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
