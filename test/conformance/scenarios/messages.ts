/** The contract's error messages (§3, §4) and the combined missing-token message. */

export const MISSING_HEADER = "Missing Authorization Header";
export const MISSING_COOKIE = 'Missing cookie "access_token_cookie"';
export const MISSING_REFRESH_COOKIE = 'Missing cookie "refresh_token_cookie"';
export const BAD_CONTENT_TYPE = "Invalid content-type. Must be application/json.";
export const MISSING_JSON_KEY = 'Missing "access_token" key in json data.';
export const MISSING_REFRESH_JSON_KEY = 'Missing "refresh_token" key in json data.';
export const MISSING_QUERY = "Missing 'jwt' query paramater";
export const MISSING_BEARER =
  "Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'";
export const BAD_BEARER_HEADER = "Bad Authorization header. Expected 'Authorization: Bearer <JWT>'";
export const MISSING_CSRF = "Missing CSRF token";
export const CSRF_MISMATCH = "CSRF double submit tokens do not match";
export const MISSING_CSRF_CLAIM = "Missing claim: csrf";
export const EXPIRED = "Token has expired";
export const ONLY_ACCESS = "Only non-refresh tokens are allowed";
export const ONLY_REFRESH = "Only refresh tokens are allowed";
export const FRESH_REQUIRED = "Fresh token required";

/** The 401 message when no location yields a token (§3). */
export function missingJwt(reasons: ReadonlyArray<readonly [string, string]>): string {
  if (reasons.length === 1) return reasons[0]![1];
  const names = reasons.map(([location]) => location);
  const start = names.slice(0, -1).join(", ");
  return `Missing JWT in ${start} or ${names.at(-1)} (${reasons.map(([, m]) => m).join("; ")})`;
}

/** The message for the demo's four default locations, with each reason overridable. */
export function missingAll(
  reasons: { headers?: string; cookies?: string; json?: string; query_string?: string } = {},
): string {
  return missingJwt([
    ["headers", reasons.headers ?? MISSING_HEADER],
    ["cookies", reasons.cookies ?? MISSING_COOKIE],
    ["json", reasons.json ?? BAD_CONTENT_TYPE],
    ["query_string", reasons.query_string ?? MISSING_QUERY],
  ]);
}
