import { type ClientTokenStore, memoryTokenStore } from "./token-store.ts";

/**
 * How the tokens travel: `"cookies"` (HttpOnly cookies the server sets, with the CSRF
 * double submit) or `"headers"` (`Authorization: Bearer <JWT>` from a token store).
 */
export type JwtClientMode = "cookies" | "headers";

/** The fetch function a client calls; the global `fetch` by default. */
export type FetchFunction = (
  input: Request | string | URL,
  init?: RequestInit,
) => Promise<Response>;

/**
 * The options of {@link createJwtClient}. Every name defaults to the server's own default,
 * so a client needs only the options the server changed.
 *
 * @example
 * const options: JwtClientOptions = { mode: "cookies", refreshUrl: "/refresh", onLogout: () => location.assign("/login") };
 */
export interface JwtClientOptions {
  /** Where the tokens travel. */
  mode: JwtClientMode;
  /** The refresh route (`POST`, behind `jwtRequired({ refresh: true })`), e.g. `"/refresh"`. */
  refreshUrl: string;
  /** The logout route `logout()` calls, if any; without it `logout()` only forgets the tokens. */
  logoutUrl?: string;
  /** The method of the logout route. @default "POST" */
  logoutMethod?: string;
  /**
   * Called once the session is over: after `logout()`, after a refresh the server refused
   * (4xx), and in every other tab of the origin when one of these happens in one.
   */
  onLogout?: () => void;
  /** Where `headers` mode keeps its tokens. @default memoryTokenStore() */
  store?: ClientTokenStore;
  /** The fetch the client calls. @default globalThis.fetch */
  fetch?: FetchFunction;
  /** How `cookies` mode reads a cookie. @default a reader of `document.cookie` */
  readCookie?: (name: string) => string | undefined;
  /** The server's `headerName`. @default "Authorization" */
  headerName?: string;
  /** The server's `headerType`; `""` sends the bare token. @default "Bearer" */
  headerType?: string;
  /** The server's `accessCsrfCookieName`. @default "csrf_access_token" */
  accessCsrfCookieName?: string;
  /** The server's `refreshCsrfCookieName`. @default "csrf_refresh_token" */
  refreshCsrfCookieName?: string;
  /** The server's `accessCsrfHeaderName`. @default "X-CSRF-TOKEN" */
  accessCsrfHeaderName?: string;
  /** The server's `refreshCsrfHeaderName`. @default "X-CSRF-TOKEN" */
  refreshCsrfHeaderName?: string;
  /** The server's `csrfMethods`: the methods that carry the CSRF header. @default ["POST", "PUT", "PATCH", "DELETE"] */
  csrfMethods?: readonly string[];
  /** The server's `errorMessageKey`: where an error body holds its message. @default "msg" */
  errorMessageKey?: string;
  /**
   * The message (under `errorMessageKey`) of a 401 that means "refresh, then retry". Set
   * both to match a code your `expiredToken` loader adds instead. @default "Token has expired"
   */
  expiredMessage?: string;
  /** The key of the access token in login and refresh answers. @default "access_token" */
  jsonKey?: string;
  /** The key of the refresh token in login and refresh answers. @default "refresh_token" */
  refreshJsonKey?: string;
  /**
   * The name of the Web Lock and the BroadcastChannel the tabs of an origin coordinate
   * through (the Web Locks that record refreshes are named `<channelName>:replaced:…`);
   * clients of different servers on one origin need different names.
   * @default "jwt-extended"
   */
  channelName?: string;
}

/** The options with every default filled in. */
export type ResolvedClientOptions = Required<Omit<JwtClientOptions, "logoutUrl" | "onLogout">> &
  Pick<JwtClientOptions, "logoutUrl" | "onLogout">;

/** Reads `name` from `document.cookie`, when there is a document. */
function readDocumentCookie(name: string): string | undefined {
  for (const pair of globalThis.document?.cookie.split("; ") ?? []) {
    if (pair.startsWith(`${name}=`)) return decodeURIComponent(pair.slice(name.length + 1));
  }
  return undefined;
}

/** The options with the server's defaults filled in. */
export const resolveClientOptions = (options: JwtClientOptions): ResolvedClientOptions => ({
  logoutMethod: "POST",
  store: memoryTokenStore(),
  fetch: (input, init) => fetch(input, init),
  readCookie: readDocumentCookie,
  headerName: "Authorization",
  headerType: "Bearer",
  accessCsrfCookieName: "csrf_access_token",
  refreshCsrfCookieName: "csrf_refresh_token",
  accessCsrfHeaderName: "X-CSRF-TOKEN",
  refreshCsrfHeaderName: "X-CSRF-TOKEN",
  csrfMethods: ["POST", "PUT", "PATCH", "DELETE"],
  errorMessageKey: "msg",
  expiredMessage: "Token has expired",
  jsonKey: "access_token",
  refreshJsonKey: "refresh_token",
  channelName: "jwt-extended",
  ...options,
});
