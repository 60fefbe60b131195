import type { JwtResponse } from "../loaders.ts";
import { serializeResponse } from "./responses.ts";

/**
 * An HTTP answer as plain data, which an adapter writes with its framework's own API: the
 * same status, headers, cookies and bytes on every framework.
 *
 * @example
 * res.status(answer.status).set(answer.headers).append("Set-Cookie", [...answer.setCookies]).send(answer.body);
 */
export interface HttpAnswer {
  readonly status: number;
  /** Lower-case names; a JSON content type unless `body` is `null`. */
  readonly headers: Readonly<Record<string, string>>;
  /** `Set-Cookie` lines, each sent as its own header. */
  readonly setCookies: readonly string[];
  /** The JSON text, or `null` for a status without a body (204, 205, 304). */
  readonly body: string | null;
}

const NO_COOKIES: readonly string[] = [];

/** A loader's response (or the library's own) as an {@link HttpAnswer}. */
export function toAnswer(
  response: JwtResponse,
  setCookies: readonly string[] = NO_COOKIES,
): HttpAnswer {
  const { status, headers, body } = serializeResponse(response);
  return { status, headers, setCookies, body };
}

/**
 * An {@link HttpAnswer} as a Web `Response`, for the adapters whose framework takes one
 * (fetch, h3, Elysia): each `Set-Cookie` line its own header.
 */
export function toWebResponse({ status, headers, setCookies, body }: HttpAnswer): Response {
  const response = new Response(body, { status, headers });
  for (const cookie of setCookies) response.headers.append("set-cookie", cookie);
  return response;
}

/**
 * A copy of a route's `response` with `Set-Cookie` lines added: a `Response`'s headers may
 * be immutable (one from `fetch()` or `Response.redirect()`).
 */
export function withSetCookies(response: Response, setCookies: readonly string[]): Response {
  const copy = new Response(response.body, response);
  for (const cookie of setCookies) copy.headers.append("set-cookie", cookie);
  return copy;
}
