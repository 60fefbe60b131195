/**
 * Test tokens minted independently of the library under test: `fast-jwt`'s signer for
 * well-formed tokens and `node:crypto` for deliberately malformed ones.
 */
import { createHmac, randomUUID } from "node:crypto";
import { type Algorithm, createDecoder, createSigner, type JwtHeader } from "fast-jwt";

/** The secret the demo server is started with by `test/helpers/demo-server.ts`. */
export const DEMO_SECRET = "test-secret-that-is-long-enough-for-hs256!";

/** The identity the demo's login routes mint tokens for. */
export const DEMO_IDENTITY = "example_user";

/** A NumericDate given relative to the moment the token is minted. */
export class FromNow {
  constructor(readonly seconds: number) {}
}

/** `fromNow(-60)`: one minute ago, resolved when the token is minted (not when the table is built). */
export const fromNow = (seconds: number): FromNow => new FromNow(seconds);

export type ClaimValue = unknown;

export interface MintOptions {
  /**
   * Claims merged over the defaults (`fresh: false`, `iat`, `jti`, `type: "access"`,
   * `sub: "example_user"`, `nbf`, `csrf`, `exp` = now + 15 minutes). A claim given as
   * `undefined` is left out of the token.
   */
  claims?: Record<string, ClaimValue>;
  /** Signing algorithm; `"none"` gives an unsigned token. Default `HS256`. */
  algorithm?: Extract<Algorithm, "HS256" | "HS384" | "HS512" | "none">;
  /** Signing secret. Default: the demo's secret. */
  secret?: string;
  /** Extra JOSE header fields. */
  header?: Record<string, unknown>;
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function resolve(value: ClaimValue, now: number): ClaimValue {
  return value instanceof FromNow ? now + value.seconds : value;
}

/** The claims of an access token, in the order the library writes them (BEHAVIOR.md). */
export const ACCESS_CLAIM_ORDER = ["fresh", "iat", "jti", "type", "sub", "nbf", "csrf", "exp"];

/** The default claims of a valid, non-fresh access token for the demo's identity. */
export function defaultClaims(now = nowSeconds()): Record<string, ClaimValue> {
  return {
    fresh: false,
    iat: now,
    jti: randomUUID(),
    type: "access",
    sub: DEMO_IDENTITY,
    nbf: now,
    csrf: randomUUID(),
    exp: now + 15 * 60,
  };
}

/** The claims a token minted with `options` will carry (undefined claims removed). */
export function mintClaims(options: MintOptions = {}, now = nowSeconds()): Record<string, unknown> {
  const merged: Record<string, ClaimValue> = { ...defaultClaims(now), ...options.claims };
  const claims: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(merged)) {
    if (value !== undefined) claims[name] = resolve(value, now);
  }
  return claims;
}

/** Mints a token with `fast-jwt`. */
export function mintToken(options: MintOptions = {}): string {
  const algorithm = options.algorithm ?? "HS256";
  const claims = mintClaims(options);
  const header = options.header as JwtHeader | undefined;
  if (algorithm === "none") {
    return createSigner({ algorithm: "none", header })(claims);
  }
  if (!("iat" in claims)) {
    // The signer would add an `iat` of its own: sign the claims exactly as given.
    return signRaw(
      JSON.stringify({ alg: algorithm, typ: "JWT", ...options.header }),
      JSON.stringify(claims),
      { algorithm, secret: options.secret },
    );
  }
  // The signer keeps the claims' own `iat`, `exp` and `nbf` (and their order).
  return createSigner({ algorithm, key: options.secret ?? DEMO_SECRET, header })(claims);
}

const base64url = (input: string | Buffer): string => Buffer.from(input).toString("base64url");

/**
 * Signs arbitrary header and payload text (not necessarily JSON) with HMAC, for tokens
 * that a JWT library refuses to produce: a payload that is an array, a string `exp`, ...
 */
export function signRaw(
  headerText: string,
  payloadText: string,
  options: { algorithm?: "HS256" | "HS384" | "HS512"; secret?: string } = {},
): string {
  const algorithm = options.algorithm ?? "HS256";
  const input = `${base64url(headerText)}.${base64url(payloadText)}`;
  const hash = { HS256: "sha256", HS384: "sha384", HS512: "sha512" }[algorithm];
  const signature = createHmac(hash, options.secret ?? DEMO_SECRET)
    .update(input)
    .digest("base64url");
  return `${input}.${signature}`;
}

const decoder = createDecoder({ complete: true });

/** Decodes a token without verifying it (header and payload). */
export function decodeUnverified(token: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
} {
  const decoded = decoder(token) as {
    header: Record<string, unknown>;
    payload: Record<string, unknown>;
  };
  return { header: decoded.header, payload: decoded.payload };
}

/** The `csrf` claim of a token, or undefined when it has none or is not a JWT. */
export function csrfClaimOf(token: string): string | undefined {
  try {
    const csrf = decodeUnverified(token).payload.csrf;
    return typeof csrf === "string" ? csrf : undefined;
  } catch {
    return undefined;
  }
}
