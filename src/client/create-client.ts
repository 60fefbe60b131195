import { credentialedFetch, currentAccess } from "./credentials.ts";
import { type JwtClientOptions, resolveClientOptions } from "./options.ts";
import { createSession } from "./session.ts";
import type { ClientTokenStore } from "./token-store.ts";

/**
 * A `fetch` that sends the credentials of the session, refreshes an expired access token
 * and retries, plus the session's helpers.
 *
 * @example
 * const api = createJwtClient({ mode: "cookies", refreshUrl: "/refresh" });
 * const answer = await api("/protected", { method: "POST" });
 */
export interface JwtClient {
  /**
   * `fetch`, with the session's credentials. A 401 whose message says the access token
   * expired refreshes it (once for all concurrent calls and tabs) and sends the request
   * again, once; so does a 401 to a request whose token was replaced while it was out.
   * When the refresh fails, the 401 is the answer. A body given as a stream in
   * `init` cannot be sent twice: the refresh happens but the 401 is the answer (pass a
   * `Request` instead, which is cloned before it is sent).
   */
  (input: Request | string | URL, init?: RequestInit): Promise<Response>;
  /**
   * Ends the session: waits for a refresh under way (in any tab), calls `logoutUrl` when
   * set, forgets the stored tokens, tells the other tabs and calls `onLogout`.
   */
  logout(): Promise<void>;
  /**
   * Refreshes the access token now (joining a refresh under way, in this tab or another;
   * see `ClientTokenStore.shared`). Resolves `false` when
   * the server refused (then `onLogout` was called) or a logout is under way.
   */
  refresh(): Promise<boolean>;
  /** Stores the tokens of a login answer, `{"access_token", "refresh_token"}` (headers mode). */
  setTokens(body: Readonly<Record<string, unknown>>): void;
  /** The token store of headers mode. */
  readonly store: ClientTokenStore;
}

/**
 * Creates a client for a jwt-extended (or flask-jwt-extended) server. Names default to the
 * server's defaults; set the ones the server changed.
 *
 * @example
 * const api = createJwtClient({
 *   mode: "headers",
 *   refreshUrl: "/refresh",
 *   onLogout: () => location.assign("/login"),
 * });
 * api.setTokens(await (await fetch("/login_without_cookies", { method: "POST" })).json());
 * const profile = await (await api("/whoami")).json();
 */
export function createJwtClient(options: JwtClientOptions): JwtClient {
  const o = resolveClientOptions(options);
  const send = credentialedFetch(o);
  const session = createSession(o, send);

  const expired = async (response: Response): Promise<boolean> =>
    (await response
      .clone()
      .json()
      .then((body: Record<string, unknown> | null) => body?.[o.errorMessageKey])
      .catch(() => null)) === o.expiredMessage;

  const client = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const again = input instanceof Request ? input.clone() : input;
    const seen = currentAccess(o);
    const response = await send(input, init);
    if (response.status !== 401) return response;
    const now = currentAccess(o);
    // Replaced credentials (a refresh ended while the request was out) get one retry too:
    // a browser attaches cookies when it sends, so a request it queued can pair the new
    // cookie with the CSRF header of the old one.
    const retry =
      now !== seen ? now !== null : (await expired(response)) && (await session.refresh(seen));
    return retry && !(init?.body instanceof ReadableStream) ? send(again, init) : response;
  };

  return Object.assign(client, {
    logout: session.logout,
    refresh: () => session.refresh(),
    setTokens: session.setTokens,
    store: o.store,
  });
}
