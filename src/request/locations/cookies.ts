import type { ResolvedOptions } from "../../config/option-table.ts";
import { CsrfError, NoAuthorizationError } from "../../errors.ts";
import { isCrossSiteRequest } from "../cross-site.ts";
import { isFormContentType, type RequestView } from "../request-view.ts";
import { readWithinLimit } from "./body-limit.ts";
import type { FoundToken, LocationReader } from "./found-token.ts";

/**
 * The token cookie, and on unsafe methods the double-submit CSRF value: from the CSRF
 * header, or (with `csrfCheckForm`) from a form field. The value is compared with the
 * token's `csrf` claim after decoding.
 */
export const readCookies: LocationReader = (view, options, refresh) => {
  const name = refresh ? options.refreshCookieName : options.accessCookieName;
  const token = view.cookie(name);
  if (!token) {
    throw new NoAuthorizationError(`Missing cookie "${name}"`);
  }
  if (!options.csrfMethods.has(view.method)) return { token };
  // Defence in depth, opt-in: the browser's own word that the request is cross-site.
  if (options.csrfRefuseCrossSite && isCrossSiteRequest(view)) {
    throw new CsrfError("Cross-site request refused");
  }
  if (!options.cookieCsrfProtect) return { token };
  const csrfValue = view.header(
    refresh ? options.refreshCsrfHeaderName : options.accessCsrfHeaderName,
  );
  if (!csrfValue && options.csrfCheckForm && isFormContentType(view.header("content-type"))) {
    // Only this case waits for the body; the usual header case answers at once.
    return csrfFromForm(view, options, refresh, token);
  }
  return withCsrf(token, csrfValue);
};

const withCsrf = (token: string, csrfValue: string | undefined): FoundToken => {
  if (!csrfValue) {
    throw new CsrfError("Missing CSRF token");
  }
  return { token, csrfValue };
};

async function csrfFromForm(
  view: RequestView,
  options: ResolvedOptions,
  refresh: boolean,
  token: string,
): Promise<FoundToken> {
  const form = await readWithinLimit(view, options, () => view.form());
  return withCsrf(
    token,
    form?.get(refresh ? options.refreshCsrfFieldName : options.accessCsrfFieldName),
  );
}
