import type { IncomingMessage } from "node:http";

/**
 * Reads a Node.js request body into memory, up to `limit` bytes. Resolves `undefined` when
 * the request has no body, was already read, or is larger than the limit; a body over the
 * limit is drained and dropped rather than destroyed, so that the reply can still be sent.
 */
export function readNodeBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers["content-length"] ?? 0);
  const hasBody = req.headers["transfer-encoding"] !== undefined || declared > 0;
  if (!hasBody || req.readableEnded || !(declared <= limit)) {
    if (hasBody && !req.readableEnded) req.resume();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (body: Buffer | undefined): void => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onAbort);
      req.off("close", onAbort);
      resolve(body);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        finish(undefined);
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
