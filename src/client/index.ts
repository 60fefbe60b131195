/**
 * `jwt-extended/client`: a `fetch` for browsers (and Node) that talks to a jwt-extended
 * server: CSRF double submit or Bearer tokens, one shared refresh of an expired access
 * token for every request and every tab, and logout. No dependencies.
 */
export { createJwtClient, type JwtClient } from "./create-client.ts";
export type { FetchFunction, JwtClientMode, JwtClientOptions } from "./options.ts";
export { type ClientTokenStore, localStorageTokenStore, memoryTokenStore } from "./token-store.ts";
