import { JwtManager, type JwtManagerOptions, type TokenStore, webRequestView } from "jwt-extended";
import { bearer } from "../helpers/bearer.ts";

export const SECRET = "a-secret-of-at-least-thirty-two-bytes!!";

/** A manager over `store` with rotation on, as the sessions features are meant to run. */
export const managerOver = (store: TokenStore, options: JwtManagerOptions<string, unknown> = {}) =>
  new JwtManager({ secretKey: SECRET, store, refreshRotation: true, ...options });

/**
 * What a protected route answers for `token` (a refresh route when `refresh`): "ok", or the
 * error's status and message.
 */
export async function verdict(jwt: JwtManager, token: string, refresh = false): Promise<string> {
  const view = webRequestView(new Request("http://localhost/x", { headers: bearer(token) }), {
    bodyLimit: 1024,
  });
  try {
    await jwt.verifyRequest(view, { refresh });
    return "ok";
  } catch (error) {
    const { status, message } = error as { status: number; message: string };
    return `${status} ${message}`;
  }
}

export const REVOKED = "401 Token has been revoked";

/** The verified context of a refresh token, as a refresh route would hold it. */
export async function refreshContext(jwt: JwtManager, refreshToken: string) {
  const view = webRequestView(
    new Request("http://localhost/refresh", { method: "POST", headers: bearer(refreshToken) }),
    { bodyLimit: 1024 },
  );
  return jwt.verifyRequest(view, { refresh: true });
}

/** Resolves at the start of a second, so that what follows happens within one second. */
export async function atStartOfSecond(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
}

/** A store with the four original methods only, as a custom store written for them. */
export function fourMethodStore(inner: TokenStore): TokenStore {
  return {
    get: (key) => inner.get(key),
    set: (key, value, ttlMs) => inner.set(key, value, ttlMs),
    setIfAbsent: (key, value, ttlMs) => inner.setIfAbsent(key, value, ttlMs),
    hasAny: (keys) => inner.hasAny(keys),
  };
}
