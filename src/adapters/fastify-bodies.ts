import { type Readable, Transform, type TransformCallback } from "node:stream";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { BodySource } from "../request/request-view.ts";
import { OVER_LIMIT } from "./node-body.ts";

/**
 * What the core reads a body from: nothing when `overLimit` holds the request (its body
 * passed the manager's `bodyLimit`), else Fastify's parsed body, or the bytes or text that
 * a parser declared with `parseAs` left as they came (the core parses them by content type).
 */
export const fastifyBodySource = (
  request: FastifyRequest,
  overLimit: WeakSet<FastifyRequest>,
): BodySource => {
  if (overLimit.has(request)) return OVER_LIMIT;
  const body: unknown = request.body;
  if (body === undefined || body === null) return undefined;
  return typeof body === "string" || body instanceof Uint8Array ? { raw: body } : { parsed: body };
};

// Fastify parses no body for these methods.
const BODYLESS = new Set(["GET", "HEAD", "TRACE"]);

/**
 * Whether a request may carry a body of no declared length: in HTTP/1.1 only with
 * `Transfer-Encoding` (a request with neither it nor `Content-Length` has no body, RFC 9112
 * §6.3); in HTTP/2 whenever no `Content-Length` is given.
 */
const mayHaveUndeclaredBody = (request: FastifyRequest): boolean =>
  request.headers["content-length"] === undefined &&
  !BODYLESS.has(request.method) &&
  (request.headers["transfer-encoding"] !== undefined || request.raw.httpVersionMajor >= 2);

/**
 * Counts the bytes of the bodies sent without a Content-Length (chunked) in the scope,
 * and puts in `overLimit` each request whose body passed `limit`. Fastify parses bodies up
 * to its own limit; the core refuses a declared Content-Length itself, and Fastify makes
 * sure a body is as long as it declares. A callback hook, not an async one: it runs on
 * every request of the scope, and most have nothing to count.
 */
export function measureChunkedBodies(
  fastify: FastifyInstance,
  limit: number,
  overLimit: WeakSet<FastifyRequest>,
): void {
  fastify.addHook("preParsing", (request, _reply, payload, done) => {
    if (!mayHaveUndeclaredBody(request)) return done(null, payload);
    done(
      null,
      new CountingStream(payload, (size) => {
        if (size > limit) overLimit.add(request);
      }),
    );
  });
}

/**
 * A request body passed on as it is read, its bytes counted. It pulls nothing from the
 * request until it is read itself: a body that no parser reads (an unknown content type)
 * stays unread, for node:http to discard, and a kept-alive connection goes on.
 */
class CountingStream extends Transform {
  #source: Readable | undefined;
  #size = 0;
  readonly #counted: (size: number) => void;

  constructor(source: Readable, counted: (size: number) => void) {
    super();
    this.#source = source;
    this.#counted = counted;
    // pipe() passes the data on, not the errors: an aborted request must end the read.
    source.once("error", (error) => this.destroy(error));
  }

  override _read(size: number): void {
    if (this.#source !== undefined) {
      this.#source.pipe(this);
      this.#source = undefined;
    }
    super._read(size);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#size += chunk.length;
    this.#counted(this.#size);
    done(null, chunk);
  }
}

/**
 * An urlencoded body's fields as an object; a repeated field as the array of its values,
 * in order, as `@fastify/formbody` and Express's parsers give it (the CSRF check takes the
 * first).
 */
function parseUrlencoded(text: string): Record<string, string | string[]> {
  const fields = new Map<string, string | string[]>();
  for (const [name, value] of new URLSearchParams(text)) {
    const seen = fields.get(name);
    fields.set(name, seen === undefined ? value : [seen, value].flat());
  }
  return Object.fromEntries(fields);
}

/**
 * Parsers for the two form encodings, where the scope has none: fields as an object for
 * urlencoded bodies, the bytes as they came for multipart ones (the CSRF check reads the
 * field from them; an application that wants files registers `@fastify/multipart`).
 * Without them Fastify answers 415 before any hook runs.
 */
export function addFormParsers(fastify: FastifyInstance): void {
  if (!fastify.hasContentTypeParser("application/x-www-form-urlencoded")) {
    fastify.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string" },
      async (_request: FastifyRequest, text: string | Buffer) => parseUrlencoded(text.toString()),
    );
  }
  if (!fastify.hasContentTypeParser("multipart/form-data")) {
    fastify.addContentTypeParser(
      "multipart/form-data",
      { parseAs: "buffer" },
      async (_request: FastifyRequest, bytes: string | Buffer) => bytes,
    );
  }
}
