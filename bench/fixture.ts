import { JwtManager } from "jwt-extended";

/**
 * What every contender shares: one HS256 secret, one identity, one route, and one token
 * that all of them accept. The token is made by this library (so it carries the `csrf`
 * claim the cookie way checks), with a lifetime longer than any run.
 */
export const SECRET = "benchmark-secret-of-at-least-thirty-two-bytes";
export const IDENTITY = "example_user";
export const ROUTE = "/protected";

/**
 * The route is `POST` for every contender: an unsafe method, so the cookie way pays for the
 * double-submit CSRF check, as it would in an application.
 */
export const METHOD = "POST";

/** The one body every contender answers with, so responses are the same size. */
export const responseBody = (identity: unknown): { identity: unknown } => ({ identity });

export interface BenchToken {
  readonly token: string;
  /** The token's `csrf` claim: the double-submit value of the cookie way. */
  readonly csrf: string;
}

/** A token for {@link IDENTITY}, valid for a day. */
export async function createBenchToken(): Promise<BenchToken> {
  const manager = new JwtManager({ secretKey: SECRET });
  const token = await manager.createAccessToken(IDENTITY, { expiresDelta: 86_400 });
  const csrf = await manager.getCsrfToken(token);
  if (csrf === undefined) throw new Error("the benchmark token has no csrf claim");
  return { token, csrf };
}

/** `count` distinct tokens for {@link IDENTITY} (each has its own `jti` and `csrf`). */
export async function createBenchTokens(count: number): Promise<BenchToken[]> {
  const manager = new JwtManager({ secretKey: SECRET });
  return Promise.all(
    Array.from({ length: count }, async () => {
      const token = await manager.createAccessToken(IDENTITY, { expiresDelta: 86_400 });
      return { token, csrf: (await manager.getCsrfToken(token)) as string };
    }),
  );
}

/**
 * How many distinct tokens the "many users" runs cycle through: more than any cache of
 * verified tokens holds, so that every request presents a token not seen lately.
 */
export const TOKEN_POOL = 10_000;

/** One token on every request (a cache serves it), or a different one each time. */
export type TokenMode = "one" | "distinct";

/** How a request carries the token: `Authorization: Bearer`, or cookie plus CSRF header. */
export type TokenCarrier = "header" | "cookie";

/** The request headers of each way of carrying the token. */
export function requestHeaders(
  carrier: TokenCarrier,
  { token, csrf }: BenchToken,
): Record<string, string> {
  if (carrier === "header") return { authorization: `Bearer ${token}` };
  return {
    cookie: `access_token_cookie=${token}; csrf_access_token=${csrf}`,
    "x-csrf-token": csrf,
  };
}
