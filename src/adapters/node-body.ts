import type { IncomingMessage } from "node:http";

/** A body larger than the limit, which was not kept. */
export const OVER_LIMIT = { tooLarge: true } as const;

/**
 * Reads a Node.js request body into memory, up to `limit` bytes. Resolves `undefined` when
 * the request has no body or was already read, and {@link OVER_LIMIT} when it is larger
 * than the limit (declared so, or found so while reading): such a body is drained and
 * dropped rather than destroyed, so that the reply can still be sent.
 */
export function readNodeBody(
  req: IncomingMessage,
  limit: number,
): Promise<Buffer | undefined | typeof OVER_LIMIT> {
  const declared = Number(req.headers["content-length"] ?? 0);
  const hasBody = req.headers["transfer-encoding"] !== undefined || declared > 0;
  if (!hasBody || req.readableEnded) return Promise.resolve(undefined);
  if (!(declared <= limit)) {
    req.resume();
    return Promise.resolve(OVER_LIMIT);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (body: Buffer | undefined | typeof OVER_LIMIT): void => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onAbort);
      req.off("close", onAbort);
      resolve(body);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        finish(OVER_LIMIT);
        req.resume();
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish(Buffer.concat(chunks));
    const onAbort = (): void => finish(undefined);
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onAbort);
    req.on("close", onAbort);
  });
}
