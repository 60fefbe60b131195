import type { ResolvedOptions } from "../../config/option-table.ts";
import { PayloadTooLargeError } from "../../errors.ts";
import { BODY_TOO_LARGE, type RequestView } from "../request-view.ts";

/**
 * Reads the body a location needs (the JSON body, or the form for the CSRF field) within
 * `bodyLimit`: a body declared larger is refused (413) before a byte of it is read, and
 * one that turns out larger (chunked) is refused by the adapter's reader, which stops at
 * the limit.
 */
export async function readWithinLimit<Body>(
  view: RequestView,
  options: Pick<ResolvedOptions, "bodyLimit">,
  read: () => Promise<Body | typeof BODY_TOO_LARGE>,
): Promise<Body> {
  const declared = Number(view.header("content-length") ?? 0);
  if (declared > options.bodyLimit) throw new PayloadTooLargeError(options.bodyLimit);
  const body = await read();
  if (body === BODY_TOO_LARGE) throw new PayloadTooLargeError(options.bodyLimit);
  return body;
}
