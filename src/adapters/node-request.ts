import type { IncomingHttpHeaders } from "node:http";
import {
  type BodySource,
  createRequestView,
  type RequestSource,
  type RequestView,
} from "../request/request-view.ts";

/** What the Node.js frameworks (Express, Fastify) know of a request. */
export interface NodeRequestLike {
  readonly method: string;
  /** Path and query as the client sent them. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** The node:http request, whose `headersDistinct` keeps every line of a repeated header. */
  readonly raw?: { readonly headersDistinct: NodeJS.Dict<string[]> } | undefined;
}

/**
 * The core's view of a request whose headers node:http parsed. A header sent several
 * times reads as its values joined with ", ", as a single header would carry them and as
 * the Web `Headers` of Hono and `fetch` (and Flask) read it. node:http already joins most
 * names; it keeps only the first `Authorization` (and a few others), so a value that is
 * still that first line is read with the lines it dropped: two `Authorization` headers are
 * then refused as one header of two credentials, on every adapter, instead of the first
 * winning here and both being refused there.
 */
export function nodeRequestView(
  req: NodeRequestLike,
  body: () => Promise<BodySource>,
): RequestView {
  return createRequestView(new NodeRequestSource(req, body));
}

/** What node:http parsed of a request, as the core reads it (a class: no closure per request). */
class NodeRequestSource implements RequestSource {
  readonly method: string;
  readonly url: string;
  readonly #req: NodeRequestLike;
  readonly body: () => Promise<BodySource>;

  constructor(req: NodeRequestLike, body: () => Promise<BodySource>) {
    this.method = req.method;
    this.url = req.url;
    this.#req = req;
    this.body = body;
  }

  header(name: string): string | undefined {
    const req = this.#req;
    const key = name.toLowerCase();
    const value = req.headers[key];
    if (Array.isArray(value)) return value.join(", ");
    if (value === undefined || req.raw === undefined) return value;
    // A value a middleware replaced is not the first line any more, and is kept as set.
    const lines = req.raw.headersDistinct[key];
    return lines !== undefined && lines.length > 1 && lines[0] === value ? lines.join(", ") : value;
  }
}
