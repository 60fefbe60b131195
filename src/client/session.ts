import { type CredentialedFetch, currentAccess } from "./credentials.ts";
import type { ResolvedClientOptions } from "./options.ts";
import { originLock, replacedTokens, tabsChannel } from "./tabs.ts";

/** The refresh and logout of one client, coordinated within the page and across tabs. */
export interface Session {
  /**
   * Refreshes the access token, once for every caller: calls made while a refresh runs
   * share it. `refused` is the access token (see `currentAccess`) the caller's request was
   * refused with; when it changed meanwhile, another tab already refreshed and there is
   * nothing to do; when the session ended with it, neither. Resolves whether the caller
   * should retry.
   */
  refresh(refused?: string | null): Promise<boolean>;
  /** Ends the session (calls the logout route when there is one) once no refresh runs. */
  logout(): Promise<void>;
  /** Stores the tokens of a login or refresh answer (headers mode). */
  setTokens(body: Readonly<Record<string, unknown>>): void;
}

export function createSession(o: ResolvedClientOptions, send: CredentialedFetch): Session {
  const lock = originLock(o.channelName);
  const replaced = replacedTokens(o.channelName, o.mode === "cookies" || !!o.store.shared);
  let refreshing: Promise<boolean> | undefined;
  let leaving: Promise<void> | undefined;
  // The access token the session ended with. Cookies mode keeps the cookies of a refused
  // refresh: an answer to a request sent with them must not start another refresh.
  let ended: string | null | undefined;

  const setTokens = (body: Readonly<Record<string, unknown>>): void => {
    for (const key of [o.jsonKey, o.refreshJsonKey]) {
      const token = body[key];
      if (typeof token === "string") o.store.set(key, token);
    }
  };

  const end = (tellTabs: boolean): void => {
    ended = currentAccess(o);
    o.store.set(o.jsonKey, null);
    o.store.set(o.refreshJsonKey, null);
    if (tellTabs) tell();
    o.onLogout?.();
  };
  const tell = tabsChannel(o.channelName, () => end(false));

  const refresh = (refused?: string | null): Promise<boolean> => {
    const seen = refused === undefined ? currentAccess(o) : refused;
    // A logout under way wins: a refresh now could set cookies the logout just removed.
    if (leaving || (refused !== undefined && refused === ended)) return Promise.resolve(false);
    refreshing ??= lock(async () => {
      let now = currentAccess(o);
      // Another tab's refresh replaced the token, but this tab's view of the store or cookie
      // may not show the new one yet: wait for it (2 s at most, then refresh after all).
      if (now === seen && (await replaced.has(seen))) {
        for (const until = Date.now() + 2000; now === seen && Date.now() < until; ) {
          await new Promise((tick) => setTimeout(tick, 10));
          now = currentAccess(o);
        }
      }
      // Another tab refreshed while this one waited for the lock (retry with its token),
      // or logged out (do not retry).
      if (now !== seen) return now !== null;
      const response = await send(o.refreshUrl, { method: "POST" }, "refresh");
      if (response.ok) {
        if (o.mode === "headers") setTokens(await response.json());
        // Before the lock is released: the tab granted it next then knows of this refresh.
        await replaced.add(seen);
        return true;
      }
      // The refresh token was refused: the session is over. (A 5xx says nothing about it.)
      if (response.status < 500) end(true);
      return false;
    }).finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  };

  const logout = (): Promise<void> =>
    (leaving ??= lock(async () => {
      try {
        if (o.logoutUrl) await send(o.logoutUrl, { method: o.logoutMethod });
      } finally {
        end(true);
      }
    }).finally(() => {
      leaving = undefined;
    }));

  return { refresh, logout, setTokens };
}
