/**
 * Logging in on the demo (`examples/jwt-locations`), or on the Python peer, which has the
 * same routes.
 */
import { CookieJar } from "./cookie-jar.ts";

/** The two tokens `POST /login_without_cookies` answers. */
export interface LoginTokens {
  access: string;
  refresh: string;
}

/** `POST /login_without_cookies` on `baseUrl`; throws unless it answers 200 with both tokens. */
export async function loginWithoutCookies(baseUrl: string): Promise<LoginTokens> {
  const res = await fetch(`${baseUrl}/login_without_cookies`, { method: "POST" });
  const body = (await res.json()) as Record<string, unknown>;
  const { access_token: access, refresh_token: refresh } = body;
  if (res.status !== 200 || typeof access !== "string" || typeof refresh !== "string") {
    throw new Error(`login_without_cookies answered ${res.status}`);
  }
  return { access, refresh };
}

/** `POST /login_with_cookies` on `baseUrl`; the jar holds the cookies it set. */
export async function loginWithCookies(baseUrl: string): Promise<CookieJar> {
  const res = await fetch(`${baseUrl}/login_with_cookies`, { method: "POST" });
  if (res.status !== 200) throw new Error(`login_with_cookies answered ${res.status}`);
  return new CookieJar().update(res.headers.getSetCookie());
}
