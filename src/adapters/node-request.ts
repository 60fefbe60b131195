import type { IncomingHttpHeaders } from "node:http";
import { type BodySource, createRequestView, type RequestView } from "../request-view.ts";

/** What the Node.js frameworks (Express, Fastify) know of a request. */
export interface NodeRequestLike {
  readonly method: string;
  /** Path and query as the client sent them. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

/**
 * The core's view of a request whose headers node:http parsed. A header sent several
 * times reads as its values joined with commas, as a single header would carry them
 * (node:http already does so for most names; `set-cookie`-style arrays are joined here).
 */
export function nodeRequestView(
  req: NodeRequestLike,
  body: () => Promise<BodySource>,
): RequestView {
  return createRequestView({
    method: req.method,
    url: req.url,
    header(name) {
      const value = req.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(", ") : value;
    },
    body,
  });
}
