import type { IncomingMessage } from "node:http";
import type { Request } from "express";
import { isJsonContentType } from "../request/locations/json.ts";
import type { BodySource } from "../request/request-view.ts";
import { readNodeBody } from "./node-body.ts";

const FORM_URLENCODED = /^application\/x-www-form-urlencoded\b/i;

/**
 * The body for the json location and the CSRF form field. A body that `express.json()` or
 * `express.urlencoded()` already parsed is used as is; otherwise it is read here, and then
 * parsed onto `req.body` so that the application's handlers (and body parsers installed
 * after this middleware, which skip a finished request) still have it.
 */
export async function expressBody(req: Request, limit: number): Promise<BodySource> {
  if (req.body !== undefined) return { parsed: req.body };
  const raw = await readNodeBody(req as IncomingMessage, limit);
  if (raw === undefined || !Buffer.isBuffer(raw)) return raw;
  const contentType = req.headers["content-type"];
  const text = raw.toString("utf8");
  if (isJsonContentType(contentType)) {
    try {
      req.body = JSON.parse(text);
    } catch {
      // Unparsable JSON stays unparsed; the json location reports the missing key.
    }
  } else if (contentType && FORM_URLENCODED.test(contentType)) {
    req.body = Object.fromEntries(new URLSearchParams(text));
  }
  return { raw };
}
