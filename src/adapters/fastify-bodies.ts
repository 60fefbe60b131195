import type { FastifyInstance, FastifyRequest } from "fastify";
import type { BodySource } from "../request-view.ts";

/**
 * What the core reads a body from: Fastify's parsed body, or the bytes or text that a
 * parser declared with `parseAs` left as they came (the core parses them by content type).
 */
export const fastifyBodySource = (body: unknown): BodySource => {
  if (body === undefined || body === null) return undefined;
  return typeof body === "string" || body instanceof Uint8Array ? { raw: body } : { parsed: body };
};

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
      async (_request: FastifyRequest, text: string | Buffer) =>
        Object.fromEntries(new URLSearchParams(text.toString())),
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
