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
  /** The node:http request, whose `rawHeaders` keep every line of a repeated header. */
  readonly raw?: { readonly rawHeaders: readonly string[] } | undefined;
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
    const lines = linesOf(req.raw.rawHeaders, key);
    return lines !== undefined && lines.length > 1 && lines[0] === value ? lines.join(", ") : value;
  }
}

/**
 * Every line of a header (by lower-case name) in node:http's `rawHeaders`, or undefined
 * when it has none. Read from the raw list rather than `headersDistinct`, which builds an
 * object of every header on its first use.
 */
function linesOf(rawHeaders: readonly string[], key: string): string[] | undefined {
  let lines: string[] | undefined;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    if (name.length === key.length && (name === key || name.toLowerCase() === key)) {
      lines ??= [];
      lines.push(rawHeaders[i + 1] as string);
    }
  }
  return lines;
}
