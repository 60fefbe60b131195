import type { ResolvedClientOptions } from "./options.ts";

/** Which token a request presents: the access token, or the refresh token (refresh calls). */
export type TokenKind = "access" | "refresh";

/** Sends a request with the credentials of one token kind added. */
export type CredentialedFetch = (
  input: Request | string | URL,
  init?: RequestInit,
  kind?: TokenKind,
) => Promise<Response>;

/**
 * The fetch that adds credentials the way the server reads them. Cookies mode: the browser
 * sends the HttpOnly token cookies (`credentials: "include"` unless the caller chose), and
 * the readable CSRF cookie is copied into the CSRF header on the methods the server checks
 * (the double submit). Headers mode: `Authorization: Bearer <JWT>` from the store. A header
 * the caller set is left as it is.
 */
export function credentialedFetch(o: ResolvedClientOptions): CredentialedFetch {
  return (input, init = {}, kind = "access") => {
    const request = input as Partial<Request>;
    const headers = new Headers(init.headers ?? request.headers);
    const method = (init.method ?? request.method ?? "GET").toUpperCase();
    const refresh = kind === "refresh";
    let name = o.headerName;
    let value: string | null | undefined;
    if (o.mode === "cookies") {
      name = refresh ? o.refreshCsrfHeaderName : o.accessCsrfHeaderName;
      if (o.csrfMethods.includes(method)) {
        value = o.readCookie(refresh ? o.refreshCsrfCookieName : o.accessCsrfCookieName);
      }
    } else {
      const token = o.store.get(refresh ? o.refreshJsonKey : o.jsonKey);
      value = token && (o.headerType ? `${o.headerType} ${token}` : token);
    }
    if (value && !headers.has(name)) headers.set(name, value);
    const credentials = o.mode === "cookies" ? "include" : undefined;
    return o.fetch(input, { credentials, ...init, headers } as RequestInit);
  };
}

/**
 * What names the access token the next request presents: its CSRF cookie in cookies mode
 * (a new token comes with a new one), the stored token in headers mode. When it changed
 * since a request was sent, someone (another tab) refreshed or logged out meanwhile.
 */
export const currentAccess = (o: ResolvedClientOptions): string | null =>
  (o.mode === "cookies" ? o.readCookie(o.accessCsrfCookieName) : o.store.get(o.jsonKey)) ?? null;
