import { readAtMost, TOO_LONG } from "../request/bounded-read.ts";

/** How {@link fetchJwkSet} fetches. */
export interface JwkSetFetchOptions {
  /** Milliseconds the whole fetch, body included, may take before it is aborted. */
  timeout: number;
  /** The largest document read, in bytes; a larger one fails the fetch. */
  maxBytes: number;
}

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]"]);

/** Whether keys may travel over `url`: https, or plain http to a loopback host. */
export function isSecureJwksTransport(url: URL): boolean {
  if (url.protocol === "https:") return true;
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  return url.protocol === "http:" && loopback;
}

async function readBounded(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) throw new Error("JWK Set too large");
  if (response.body === null) return "";
  // A key document has no business being larger.
  const bytes = await readAtMost(response.body, maxBytes);
  if (bytes === TOO_LONG) throw new Error("JWK Set too large");
  return Buffer.from(bytes).toString("utf8");
}

/**
 * Fetches the JWK Set document at `url` and returns its `keys`. Throws when the request
 * fails, times out (the request is then aborted, not merely abandoned), is redirected off
 * https, answers anything but 2xx, or is not a JSON object with a `keys` array. Throwing
 * messages never quote the document: only the configuration is trusted, not what it says.
 * These errors never leave the library: the cache counts each as a failed fetch, and a
 * token whose key could not be had is refused with the contract's 422.
 */
export async function fetchJwkSet(url: string, options: JwkSetFetchOptions): Promise<unknown[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeout);
  timer.unref?.();
  try {
    const response = await fetch(url, {
      signal: controller.signal,
      headers: { accept: "application/jwk-set+json, application/json" },
    });
    if (response.redirected && !isSecureJwksTransport(new URL(response.url))) {
      throw new Error("JWK Set redirected off https");
    }
    if (!response.ok) throw new Error(`JWK Set answered ${response.status}`);
    const document: unknown = JSON.parse(await readBounded(response, options.maxBytes));
    const keys = (document as { keys?: unknown } | null)?.keys;
    if (typeof document !== "object" || !Array.isArray(keys)) {
      throw new Error("JWK Set without a keys array");
    }
    return keys;
  } finally {
    clearTimeout(timer);
    // Nothing is left running once the fetch is settled, whatever its outcome.
    controller.abort();
  }
}
