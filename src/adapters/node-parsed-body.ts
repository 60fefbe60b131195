import type { IncomingMessage } from "node:http";
import { isJsonContentType } from "../request/locations/json.ts";
import type { BodySource } from "../request/request-view.ts";
import { readNodeBody } from "./node-body.ts";

const FORM_URLENCODED = /^application\/x-www-form-urlencoded\b/i;

/** Where a Node.js framework keeps a parsed body: Express's `req`, Koa's `ctx.request`. */
export interface BodyHolder {
  body?: unknown;
}

/**
 * The body for the json location and the CSRF form field. A body that a body parser
 * already put on `holder.body` is used as is; otherwise it is read here from the node:http
 * request, then parsed onto `holder.body` so that the application's handlers (and body
 * parsers installed after the guard, which skip a request whose body is set) still have it.
 */
export async function parsedNodeBody(
  holder: BodyHolder,
  req: IncomingMessage,
  limit: number,
): Promise<BodySource> {
  if (holder.body !== undefined) return { parsed: holder.body };
  const raw = await readNodeBody(req, limit);
  if (raw === undefined || !Buffer.isBuffer(raw)) return raw;
  const contentType = req.headers["content-type"];
  const text = raw.toString("utf8");
  if (isJsonContentType(contentType)) {
    try {
      holder.body = JSON.parse(text);
    } catch {
      // Unparsable JSON stays unparsed; the json location reports the missing key.
    }
  } else if (contentType && FORM_URLENCODED.test(contentType)) {
    holder.body = Object.fromEntries(new URLSearchParams(text));
  }
  return { raw };
}
