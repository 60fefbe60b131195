import type { RequestView } from "./request-view.ts";

/**
 * Whether a request says it comes from another site, from the headers a browser sets and
 * a page cannot: `Sec-Fetch-Site` (Fetch Metadata, in every current browser) when present,
 * else `Origin`, whose host must be the request's `Host` (stricter than same-site: another
 * subdomain counts as foreign, since only Fetch Metadata can tell the two apart). `Origin:
 * null` (sandboxed frames, `data:` pages, cross-site redirects) is foreign too. A request
 * with neither header comes from no browser page, so it cannot be a CSRF and passes.
 */
export function isCrossSiteRequest(view: RequestView): boolean {
  const site = view.header("sec-fetch-site")?.trim().toLowerCase();
  if (site) return site.includes("cross-site");
  const origin = view.header("origin")?.trim();
  if (!origin) return false;
  if (origin === "null") return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    return true;
  }
  return originHost !== view.header("host")?.trim().toLowerCase();
}
