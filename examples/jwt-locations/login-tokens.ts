import type { JwtManager, TokenPair } from "jwt-extended";
import { loginMetadata } from "./session-routes.ts";

/** The demo's one user. */
export const DEMO_IDENTITY = "example_user";

/**
 * A login's tokens: a fresh access token and a refresh token. With refresh rotation on they
 * form one family (the `fam` claim), so that a reused refresh token revokes both, and the
 * login is a session (`GET /sessions`) that shows the browser's `userAgent`; without it
 * they are created one by one, with exactly the claims of BEHAVIOR.md §1.
 */
export async function loginTokens(jwt: JwtManager, userAgent?: string | null): Promise<TokenPair> {
  if (jwt.options.refreshRotation) {
    const sessionMetadata = loginMetadata(userAgent);
    return jwt.createTokenPair(DEMO_IDENTITY, { fresh: true, sessionMetadata });
  }
  const [accessToken, refreshToken] = await Promise.all([
    jwt.createAccessToken(DEMO_IDENTITY, { fresh: true }),
    jwt.createRefreshToken(DEMO_IDENTITY),
  ]);
  return { accessToken, refreshToken };
}
