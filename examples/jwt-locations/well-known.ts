import { type RequestListener, type Server, STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { JwtManager } from "jwt-extended";

/** Where verifiers look for the public keys (RFC 8414 / OpenID Connect Discovery's name). */
export const JWKS_PATH = "/.well-known/jwks.json";

/**
 * Serves the manager's public keys as a JWK Set at {@link JWKS_PATH}, in front of the
 * framework's app, when the demo is configured with asymmetric keys
 * (`JWT_ALGORITHM=RS256 JWT_PRIVATE_KEY=... JWT_PUBLIC_KEY=... JWT_ENCODE_KEY_ID=...`);
 * otherwise the path is left to the app (which answers 404). One listener serves every
 * framework, so the document is the same bytes on all of them.
 *
 * @example
 * const server = createServer(withJwks(jwt, app));
 */
export function withJwks(jwt: JwtManager, listener: RequestListener): RequestListener {
  const document = jwt.jwks();
  if (document.keys.length === 0) return listener;
  const body = JSON.stringify(document);
  return (req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== JWKS_PATH || (req.method !== "GET" && req.method !== "HEAD")) {
      listener(req, res);
      return;
    }
    res.writeHead(200, {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": Buffer.byteLength(body),
      // Verifiers cache it; a rotation publishes the next key before signing with it.
      "Cache-Control": "public, max-age=300",
    });
    res.end(req.method === "HEAD" ? undefined : body);
  };
}

const BAD_REQUEST = JSON.stringify({ msg: "Bad Request" });

/**
 * Refuses an HTTP/1.1 request without a `Host` header (RFC 9112 §3.2) with a JSON 400, as
 * node:http's own check would, but in the demo's error format; the server is created with
 * `requireHostHeader: false` so that this check, not node's empty answer, applies.
 *
 * @example
 * const server = createServer({ requireHostHeader: false }, requireHost(app));
 */
export function requireHost(listener: RequestListener): RequestListener {
  return (req, res) => {
    if (req.headers.host !== undefined || req.httpVersion !== "1.1") {
      listener(req, res);
      return;
    }
    res.writeHead(400, {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": Buffer.byteLength(BAD_REQUEST),
      Connection: "close",
    });
    res.end(BAD_REQUEST);
  };
}

const CLIENT_ERRORS: Readonly<Record<string, number>> = {
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

/**
 * Answers the requests node:http's parser refuses before any app sees them (control
 * characters in a header, a header section over 16 KB, a malformed request line) with a
 * JSON error like every other error of the demo, instead of node's empty 400. Nothing of
 * the request is echoed.
 */
export function answerClientErrorsWithJson(server: Server): void {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = CLIENT_ERRORS[error.code ?? ""] ?? 400;
    const body = JSON.stringify({ msg: STATUS_CODES[status] });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        "Content-Type: application/json; charset=utf-8\r\n" +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        "Connection: close\r\n\r\n" +
        body,
    );
  });
}
