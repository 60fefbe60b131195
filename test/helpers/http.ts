/**
 * Sending requests to a real listening server: global fetch, or node:http for raw cases
 * fetch refuses. Set-Cookie lines are read with `set-cookie.ts`, kept with `cookie-jar.ts`.
 */
import { request as httpRequest, type IncomingMessage } from "node:http";

export interface HttpRequest {
  method: string;
  /** Absolute URL. */
  url: string;
  /** Sent with global fetch. */
  headers?: Record<string, string>;
  /**
   * Sent with node:http instead of fetch, in this order and as given: duplicates allowed,
   * values written as latin1 (so bytes 0x80-0xFF can be sent).
   */
  rawHeaders?: ReadonlyArray<readonly [string, string]>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  /** Response headers with lower-case names (Set-Cookie excluded, see `setCookies`). */
  headers: Record<string, string>;
  /** Every Set-Cookie header line, in order. */
  setCookies: string[];
  text: string;
}

/** Sends one request; never follows redirects. */
export async function send(req: HttpRequest): Promise<HttpResponse> {
  if (req.rawHeaders) return sendRaw(req);
  const res = await fetch(req.url, {
    method: req.method,
    headers: req.headers,
    body: req.body,
    redirect: "manual",
  });
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (name.toLowerCase() !== "set-cookie") headers[name.toLowerCase()] = value;
  });
  return {
    status: res.status,
    headers,
    setCookies: res.headers.getSetCookie(),
    text: await res.text(),
  };
}

/** Reads a node:http response whole: status, headers (Set-Cookie apart) and body text. */
export function readIncoming(res: IncomingMessage): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on("data", (chunk: Buffer) => chunks.push(chunk));
    res.on("error", reject);
    res.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.headers)) {
        if (name === "set-cookie" || value === undefined) continue;
        headers[name] = Array.isArray(value) ? value.join(", ") : value;
      }
      resolve({
        status: res.statusCode ?? 0,
        headers,
        setCookies: res.headers["set-cookie"] ?? [],
        text: Buffer.concat(chunks).toString("utf8"),
      });
    });
  });
}

function sendRaw(req: HttpRequest): Promise<HttpResponse> {
  const flat: string[] = [];
  const given = (req.rawHeaders ?? []).map(([name]) => name.toLowerCase());
  // With headers given as a list node:http adds none of its own: HTTP/1.1 needs Host.
  if (!given.includes("host")) flat.push("Host", new URL(req.url).host);
  for (const [name, value] of req.rawHeaders ?? []) flat.push(name, value);
  if (req.body !== undefined) flat.push("Content-Length", String(Buffer.byteLength(req.body)));
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(req.url, { method: req.method, headers: flat }, (res) => {
      readIncoming(res).then(resolve, reject);
    });
    outgoing.on("error", reject);
    if (req.body !== undefined) outgoing.write(req.body);
    outgoing.end();
  });
}

/** A multipart/form-data body with the given text fields. */
export function multipartBody(
  fields: Record<string, string>,
  boundary = "----conformance-boundary-7MA4YWxkTrZu0gW",
): { contentType: string; raw: string } {
  const parts = Object.entries(fields).map(
    ([name, value]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    raw: `${parts.join("")}--${boundary}--\r\n`,
  };
}

/** A POST of `body` as JSON, with global fetch. */
export const postJson = (url: string, body: unknown): Promise<Response> =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

/** A url-encoded form POST with `accessToken` in its cookie, as a browser's form sends it. */
export const postFormWithAccessCookie = (
  url: string,
  accessToken: string,
  form: Record<string, string> | URLSearchParams,
): Promise<Response> =>
  fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: `access_token_cookie=${accessToken}`,
    },
    body: new URLSearchParams(form),
  });
