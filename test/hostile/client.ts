/**
 * A client for hostile requests: node:http with a keep-alive agent for everything
 * node:http will send (duplicate header lines, bytes 0x80-0xFF written as latin1), and a
 * raw TCP socket for the rest (control characters, malformed request lines). Every
 * exchange has a deadline, so a server that hangs fails the test instead of stalling it.
 */
import { Agent, request as httpRequest } from "node:http";
import { connect } from "node:net";
import { readIncoming } from "../helpers/http.ts";

/** One request, exactly as sent. Header values are latin1 strings (one char = one byte). */
export interface HostileRequest {
  readonly method: string;
  /** Path and query, sent as is. */
  readonly path: string;
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  readonly body?: string | Buffer;
}

export interface Reply {
  status: number;
  /** Lower-case names; repeated headers joined with ", " (Set-Cookie kept apart). */
  headers: Record<string, string>;
  setCookies: string[];
  body: string;
}

/** How long one exchange may take before it counts as a hang. */
export const DEADLINE_MS = 10_000;

/** Converts text to the latin1 string whose bytes are its UTF-8 encoding. */
export const utf8Bytes = (text: string): string => Buffer.from(text, "utf8").toString("latin1");

export class HostileClient {
  readonly #base: URL;
  readonly #agent: Agent;

  constructor(baseUrl: string, sockets = 8) {
    this.#base = new URL(baseUrl);
    this.#agent = new Agent({ keepAlive: true, maxSockets: sockets });
  }

  /** Sends `req` over a pooled keep-alive connection. */
  send(req: HostileRequest): Promise<Reply> {
    // With headers given as a list, node:http adds no Host of its own.
    const flat: string[] = ["Host", this.#base.host];
    for (const [name, value] of req.headers ?? []) flat.push(name, value);
    const body = req.body === undefined ? undefined : Buffer.from(req.body as string, "latin1");
    // A request without a body says so, as browsers and fetch do (node:http would otherwise
    // send an empty chunked body on POST).
    if (body !== undefined || !["GET", "HEAD"].includes(req.method)) {
      flat.push("Content-Length", String(body?.length ?? 0));
    }
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        {
          host: this.#base.hostname,
          port: this.#base.port,
          method: req.method,
          path: req.path,
          headers: flat,
          agent: this.#agent,
        },
        (res) => {
          readIncoming(res).then(({ text, ...reply }) => resolve({ ...reply, body: text }), reject);
        },
      );
      outgoing.setTimeout(DEADLINE_MS, () => {
        outgoing.destroy(
          new Error(`no answer within ${DEADLINE_MS} ms: ${req.method} ${req.path.slice(0, 80)}`),
        );
      });
      outgoing.on("error", reject);
      outgoing.end(body);
    });
  }

  /**
   * Writes `head` (a request line and header lines, without the blank line) and `body` on
   * a fresh socket, with `Connection: close`, and reads the reply until the server closes.
   */
  raw(head: string, body: Buffer | string = "", options: { host?: boolean } = {}): Promise<Reply> {
    const payload = Buffer.from(body as string, "latin1");
    const host = options.host === false ? "" : `Host: ${this.#base.host}\r\n`;
    const bytes = Buffer.concat([
      Buffer.from(
        `${head}\r\n${host}Connection: close\r\n` +
          (payload.length > 0 && !/transfer-encoding/i.test(head)
            ? `Content-Length: ${payload.length}\r\n`
            : "") +
          "\r\n",
        "latin1",
      ),
      payload,
    ]);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(this.#base.port), this.#base.hostname);
      const chunks: Buffer[] = [];
      socket.setTimeout(DEADLINE_MS, () => {
        socket.destroy(new Error(`no answer within ${DEADLINE_MS} ms: ${head.slice(0, 80)}`));
      });
      socket.on("data", (chunk: Buffer) => chunks.push(chunk));
      socket.on("error", (error: NodeJS.ErrnoException) => {
        // A server may reset after answering; what it sent still counts.
        if (error.code === "ECONNRESET" && chunks.length > 0)
          resolve(parseReply(Buffer.concat(chunks)));
        else reject(error);
      });
      socket.on("end", () => resolve(parseReply(Buffer.concat(chunks))));
      socket.end(bytes);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

/** Parses a complete HTTP/1.1 response (Content-Length, chunked or close-delimited body). */
export function parseReply(bytes: Buffer): Reply {
  const end = bytes.indexOf("\r\n\r\n");
  if (end === -1)
    throw new Error(
      `not an HTTP response: ${JSON.stringify(bytes.toString("latin1").slice(0, 80))}`,
    );
  const [statusLine = "", ...lines] = bytes.subarray(0, end).toString("latin1").split("\r\n");
  const status = Number(statusLine.split(" ")[1]);
  const headers: Record<string, string> = {};
  const setCookies: string[] = [];
  for (const line of lines) {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === "set-cookie") setCookies.push(value);
    else headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  let body = bytes.subarray(end + 4);
  if (headers["transfer-encoding"]?.toLowerCase() === "chunked") {
    const parts: Buffer[] = [];
    let at = 0;
    for (;;) {
      const lineEnd = body.indexOf("\r\n", at);
      const size = Number.parseInt(body.subarray(at, lineEnd).toString("latin1"), 16);
      if (!(size > 0)) break;
      parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
    body = Buffer.concat(parts);
  } else if (headers["content-length"] !== undefined) {
    body = body.subarray(0, Number(headers["content-length"]));
  }
  return { status, headers, setCookies, body: body.toString("utf8") };
}
