import type { JwtManager } from "../manager.ts";
import type { JwtContext } from "../request/verify-request.ts";

/**
 * What a refresh request is answered with; every adapter writes it as is.
 *
 * @example
 * const { body, cookies }: RefreshAnswer = await answerRefresh(jwt, context);
 */
export interface RefreshAnswer {
  /** `{"access_token"}`, plus `"refresh_token"` when rotating in a header or JSON flow. */
  readonly body: Readonly<Record<string, string>>;
  /** `Set-Cookie` values: the new tokens' cookies, when the refresh token came from a cookie. */
  readonly cookies: readonly string[];
}

type Refresher<Identity, User, Claims extends object> = Pick<
  JwtManager<Identity, User, Claims>,
  "refreshTokens" | "accessCookies" | "refreshCookies"
>;

/**
 * Refreshes (see `JwtManager.refreshTokens`) and chooses how the new tokens travel: the way
 * the refresh token came. A refresh token from a cookie gets its successors as cookies (the
 * rotated refresh token only there: an HttpOnly cookie is where scripts cannot read it); the
 * access token is in the body too, as the demo's contract answers it. A refresh token from a
 * header or a JSON body gets both tokens in the body.
 *
 * @example
 * const { body, cookies } = await answerRefresh(jwt, context);
 */
export async function answerRefresh<Identity, User, Claims extends object>(
  manager: Refresher<Identity, User, Claims>,
  context: JwtContext<Identity, User, Claims>,
): Promise<RefreshAnswer> {
  const { accessToken, refreshToken } = await manager.refreshTokens(context);
  if (context.location === "cookies") {
    const cookies = manager.accessCookies(accessToken);
    if (refreshToken !== null) cookies.push(...manager.refreshCookies(refreshToken));
    return { body: { access_token: accessToken }, cookies };
  }
  const body: Record<string, string> = { access_token: accessToken };
  if (refreshToken !== null) body.refresh_token = refreshToken;
  return { body, cookies: [] };
}
