import type { ResolvedOptions } from "../config/option-table.ts";
import type { TokenLocation } from "../config/option-values.ts";
import { isClientError } from "../errors.ts";
import { isCrossSiteRequest } from "../request/cross-site.ts";
import type { FoundToken } from "../request/locations/found-token.ts";
import { readHeaders } from "../request/locations/headers.ts";
import { readJson } from "../request/locations/json.ts";
import { readQueryString } from "../request/locations/query-string.ts";
import type { RequestView } from "../request/request-view.ts";
import { tokenId } from "../token/id.ts";
import type { JwtPayload } from "../token/payload.ts";
import { familyClaim, type Revocation } from "./revocation.ts";

type Reader = (view: RequestView, options: ResolvedOptions) => Promise<unknown[]>;

/** The token a location reader finds, or nothing when it finds none or a malformed one. */
const attempt = async (read: () => FoundToken | Promise<FoundToken>): Promise<unknown[]> => {
  try {
    return [(await read()).token];
  } catch {
    return [];
  }
};

/**
 * Each location's tokens, access and refresh. Cookies are read directly rather than with
 * the route reader: a logout revokes what the browser sends even without the CSRF header,
 * because revoking a token can only take from its holder, never give (the document's own
 * logout sends no header). With `csrfRefuseCrossSite`, a request another site sent revokes
 * no cookie, so that a foreign page cannot end a user's login.
 */
const READERS: Readonly<Record<TokenLocation, Reader>> = {
  headers: (view, options) => attempt(() => readHeaders(view, options, false)),
  query_string: (view, options) => attempt(() => readQueryString(view, options, false)),
  cookies: async (view, options) =>
    options.csrfRefuseCrossSite && isCrossSiteRequest(view)
      ? []
      : [view.cookie(options.accessCookieName), view.cookie(options.refreshCookieName)],
  json: async (view, options) => [
    ...(await attempt(() => readJson(view, options, false))),
    ...(await attempt(() => readJson(view, options, true))),
  ],
};

/**
 * Every encoded token a request presents in the configured locations, access and refresh
 * alike, each once: what a logout revokes. Nothing here is verified yet, and a malformed
 * location is skipped rather than failing the logout.
 */
export async function presentedTokens(
  view: RequestView,
  options: ResolvedOptions,
): Promise<string[]> {
  const found = new Set<string>();
  for (const location of options.tokenLocation) {
    for (const value of await READERS[location](view, options)) {
      if (typeof value === "string" && value.length > 0) found.add(value);
    }
  }
  return [...found];
}

/**
 * Revokes what a request presents (the route's verified token, when there is one, and every
 * token found by {@link presentedTokens} whose signature verifies) and the families they
 * belong to, so that a logout ends every token of the login, in cookie and header flows
 * alike. Tokens that do not verify are skipped: they are refused anyway. (With a store, a
 * token without a `jti` does not verify, so every token returned was revoked by its `jti`.)
 */
export async function revokePresentedTokens(
  revocation: Revocation,
  encoded: readonly string[],
  decode: (token: string) => Promise<JwtPayload>,
  verified: JwtPayload | undefined,
): Promise<JwtPayload[]> {
  const payloads = verified !== undefined && tokenId(verified) !== null ? [verified] : [];
  for (const token of encoded) {
    try {
      const payload = await decode(token);
      if (!payloads.some((known) => known.jti === payload.jti)) payloads.push(payload);
    } catch (error) {
      if (!isClientError(error)) throw error;
    }
  }
  // Each family once, by its identity's tag and its id (the tag holds no newline).
  const families = new Map<string, [tag: string, family: string, remaining: number | null]>();
  const writes: Promise<void>[] = [];
  for (const payload of payloads) {
    writes.push(revocation.revoke(payload));
    const family = familyClaim(payload);
    const tag = revocation.tagOf(payload);
    if (family !== null)
      families.set(`${tag}\n${family}`, [tag, family, revocation.remainingMs(payload)]);
  }
  for (const [tag, family, remaining] of families.values())
    writes.push(revocation.revokeFamily(tag, family, remaining));
  await Promise.all(writes);
  return payloads;
}
