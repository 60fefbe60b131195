import type { Request as ExpressRequest, Response as ExpressResponse } from "express";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { HttpAnswer } from "../../http/answer.ts";
import type { RequestView } from "../../request/request-view.ts";
import { expressBody } from "../express-body.ts";
import { fastifyBodySource } from "../fastify-bodies.ts";
import { nodeRequestView } from "../node-request.ts";

/** The request a Nest guard or handler sees: Express's, or Fastify's (which wraps `raw`). */
export type NestRequest = ExpressRequest | FastifyRequest;
/** The response a Nest guard or handler sees: Express's, or Fastify's reply. */
export type NestResponse = ExpressResponse | FastifyReply;

// Fastify's request and reply wrap node's objects as `raw`; Express's are node's objects.
export const isFastifyRequest = (req: NestRequest): req is FastifyRequest => "raw" in req;
export const isFastifyReply = (res: NestResponse): res is FastifyReply => "raw" in res;

/**
 * The core's view of a request on either platform. The body (for the json location and
 * the CSRF form field) is the platform's parsed body when it has one; on Express, a body
 * no parser read is read here (see `expressBody`); on Fastify, `overLimit` holds the
 * chunked bodies that passed `bodyLimit` (see `measureChunkedBodies`).
 */
export function requestView(
  req: NestRequest,
  bodyLimit: number,
  overLimit: WeakSet<FastifyRequest>,
): RequestView {
  if (isFastifyRequest(req)) {
    return nodeRequestView(req, async () => fastifyBodySource(req, overLimit));
  }
  const url = req.originalUrl ?? req.url;
  return nodeRequestView({ method: req.method, url, headers: req.headers, raw: req }, () =>
    expressBody(req, bodyLimit),
  );
}

/** Adds `Set-Cookie` lines, each its own header, keeping those already set. */
export function addCookies(res: NestResponse, cookies: readonly string[]): void {
  if (cookies.length === 0) return;
  if (isFastifyReply(res)) {
    for (const cookie of cookies) res.header("set-cookie", cookie);
  } else {
    res.append("Set-Cookie", [...cookies]);
  }
}

/** Writes a whole answer of the binding (a refusal, a refresh, an error). */
export function sendAnswer(res: NestResponse, answer: HttpAnswer): void {
  addCookies(res, answer.setCookies);
  if (isFastifyReply(res)) {
    res.code(answer.status).headers(answer.headers).send(answer.body);
    return;
  }
  res.status(answer.status).set(answer.headers);
  if (answer.body === null) res.end();
  else res.send(answer.body);
}

/** Sets a helper's status and headers, leaving the body to the handler's return value. */
export function setHead(res: NestResponse, answer: HttpAnswer): void {
  addCookies(res, answer.setCookies);
  if (isFastifyReply(res)) res.code(answer.status).headers(answer.headers);
  else res.status(answer.status).set(answer.headers);
}
