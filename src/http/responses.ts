import type { JwtResponse } from "../loaders.ts";

// Where the adapters have always found it; the classification itself lives with the codes.
export { isClientError } from "../errors.ts";

/** A {@link JwtResponse} as it goes on the wire. */
export interface SerializedResponse {
  status: number;
  /** Lower-case names; the loader's own headers win over the JSON content type. */
  headers: Record<string, string>;
  /** `null` for a status that has no body (see {@link hasNoBody}). */
  body: string | null;
}

/**
 * Whether a response of this status carries no body (204, 205, 304: the Fetch standard's
 * "null body status"; a Web `Response` with a body of that status is an error). The route
 * guards answer `OPTIONS` with an empty 204.
 */
export const hasNoBody = (status: number): boolean =>
  status === 204 || status === 205 || status === 304;

/**
 * Serializes a loader's response as JSON, for the adapters whose frameworks would
 * otherwise send a string body as text (Express's `res.json` does the same by itself).
 * A status without a body gets neither a body nor a content type.
 */
export function serializeResponse(response: JwtResponse): SerializedResponse {
  const empty = hasNoBody(response.status);
  const headers: Record<string, string> = empty
    ? {}
    : { "content-type": "application/json; charset=utf-8" };
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    headers[name.toLowerCase()] = value;
  }
  const body = empty ? null : JSON.stringify(response.body ?? null);
  return { status: response.status, headers, body };
}
