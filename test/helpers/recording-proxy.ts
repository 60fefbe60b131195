/**
 * A reverse proxy in front of a real server that writes down every request it forwards, so
 * that a test observes from the server's side what a client (a browser page) sent: how many
 * refresh calls, which headers.
 */
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { listen } from "./listen.ts";

/** One request as it reached the proxy. */
export interface RecordedRequest {
  method: string;
  /** The path with its query string. */
  path: string;
  /** Lower-case names, as node:http gives them. */
  headers: IncomingHttpHeaders;
  /** The status the server answered (set once the answer arrived). */
  status?: number;
}

export interface RecordingProxy {
  /** Base URL of the proxy, without a trailing slash. */
  url: string;
  /** Every request so far, in arrival order. */
  readonly requests: RecordedRequest[];
  /** The recorded requests with this method and path (query string ignored). */
  to(method: string, pathname: string): RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a recording proxy on a free loopback port that forwards to `target`. */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const requests: RecordedRequest[] = [];
  const server = await listen((req, res) => {
    const recorded: RecordedRequest = {
      method: req.method ?? "GET",
      path: req.url ?? "/",
      headers: req.headers,
    };
    requests.push(recorded);
    const upstream = httpRequest(
      new URL(recorded.path, target),
      { method: recorded.method, headers: req.headers },
      (answer) => {
        recorded.status = answer.statusCode;
        // Raw headers keep every Set-Cookie line, in order.
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => {
      res.writeHead(502, { "content-type": "application/json" });
      res.end('{"msg":"proxy: upstream failed"}');
    });
    req.pipe(upstream);
  });
  return {
    url: server.url,
    requests,
    to: (method, pathname) =>
      requests.filter(
        (r) => r.method === method && new URL(r.path, "http://proxy").pathname === pathname,
      ),
    close: () => server.close(),
  };
}
