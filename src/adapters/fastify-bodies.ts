import { Transform } from "node:stream";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { BodySource } from "../request-view.ts";
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
 * Counts the bytes of the bodies sent without a Content-Length (chunked) in the scope,
 * and puts in `overLimit` each request whose body passed `limit`. Fastify parses bodies up
 * to its own limit; the core refuses a declared Content-Length itself, and Fastify makes
 * sure a body is as long as it declares.
 */
export function measureChunkedBodies(
  fastify: FastifyInstance,
  limit: number,
  overLimit: WeakSet<FastifyRequest>,
): void {
  fastify.addHook("preParsing", async (request, _reply, payload) => {
    if (request.headers["content-length"] !== undefined || BODYLESS.has(request.method)) {
      return payload;
    }
    let size = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > limit) overLimit.add(request);
        done(null, chunk);
      },
    });
    // pipe() passes the data on, not the errors: an aborted request must end Fastify's read.
    payload.once("error", (error) => counted.destroy(error));
    return payload.pipe(counted);
  });
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
