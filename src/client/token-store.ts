/**
 * Where a client in `headers` mode keeps its tokens, by the names the server answers them
 * under (`access_token`, `refresh_token` by default). `null` removes a token.
 *
 * @example
 * const store: ClientTokenStore = memoryTokenStore();
 * store.set("access_token", "eyJ...");
 */
export interface ClientTokenStore {
  /** The token stored under `name`, or null. */
  get(name: string): string | null;
  /** Stores `token` under `name`; `null` removes it. */
  set(name: string, token: string | null): void;
  /**
   * Whether every tab of the origin reads and writes the same tokens (as in
   * `localStorageTokenStore`). Then a tab whose token another tab's refresh replaced waits
   * for the new token instead of refreshing again; a store of one tab (as in
   * `memoryTokenStore`) leaves it unset, and each tab refreshes its own tokens.
   */
  readonly shared?: boolean;
}

/**
 * A store that lives as long as the page (the default): scripts of other origins and other
 * tabs cannot read it, and a reload logs the user out.
 *
 * @example
 * const client = createJwtClient({ mode: "headers", refreshUrl: "/refresh", store: memoryTokenStore() });
 */
export function memoryTokenStore(): ClientTokenStore {
  const tokens = new Map<string, string>();
  return {
    get: (name) => tokens.get(name) ?? null,
    set: (name, token) => (token === null ? tokens.delete(name) : tokens.set(name, token)),
  };
}

/**
 * A store in `localStorage`, shared by every tab of the origin and kept across reloads.
 * Opt-in: any script running on the page can read it, so a cross-site scripting flaw
 * exposes the tokens (cookies mode keeps them in HttpOnly cookies instead).
 *
 * @param prefix - put before each token's name to form its key. @default "jwt-extended:"
 * @example
 * const client = createJwtClient({ mode: "headers", refreshUrl: "/refresh", store: localStorageTokenStore() });
 */
export function localStorageTokenStore(prefix = "jwt-extended:"): ClientTokenStore {
  return {
    shared: true,
    get: (name) => localStorage.getItem(prefix + name),
    set: (name, token) =>
      token === null
        ? localStorage.removeItem(prefix + name)
        : localStorage.setItem(prefix + name, token),
  };
}
