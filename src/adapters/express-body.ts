import type { IncomingMessage } from "node:http";
import type { Request } from "express";
import type { BodySource } from "../request/request-view.ts";
import { parsedNodeBody } from "./node-parsed-body.ts";

/**
 * The body for the json location and the CSRF form field: what `express.json()` or
 * `express.urlencoded()` parsed onto `req.body`, or else read and parsed there (see
 * {@link parsedNodeBody}).
 */
export const expressBody = (req: Request, limit: number): Promise<BodySource> =>
  parsedNodeBody(req, req as IncomingMessage, limit);
