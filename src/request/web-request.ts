import { readAtMost, TOO_LONG } from "./bounded-read.ts";
import { type BodySource, createRequestView, type RequestView } from "./request-view.ts";

/** A body found larger than the limit while reading it. */
const TOO_LARGE = { tooLarge: true } as const satisfies BodySource;

/**
 * Reads a Web `Request`'s body, up to `limit` bytes, from a clone: the request keeps its
 * own body for the application's handler. Resolves `undefined` when there is no body, it
 * was already read, or it is larger than the limit (the clone is then cancelled, which
 * leaves the original readable).
 */
async function readClonedBody(
  request: Request,
  limit: number,
): Promise<Uint8Array | undefined | typeof TOO_LARGE> {
  if (request.body === null || request.bodyUsed) return undefined;
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (!(declared <= limit)) return undefined;
  const body = request.clone().body;
  if (body === null) return undefined;
  try {
    const bytes = await readAtMost(body, limit);
    return bytes === TOO_LONG ? TOO_LARGE : bytes;
  } catch {
    // A client that aborts mid-body sends no token in it.
    return undefined;
  }
}

/** A body the framework already read (into its cache), held to the same limit. */
async function readWithin(
  body: Promise<ArrayBuffer>,
  limit: number,
): Promise<Uint8Array | undefined | typeof TOO_LARGE> {
  try {
    const bytes = new Uint8Array(await body);
    return bytes.byteLength <= limit ? bytes : TOO_LARGE;
  } catch {
    return undefined;
  }
}

/** What the Web-standard adapters need besides the `Request`. */
export interface WebViewOptions {
  /** The most bytes read for the json location and the CSRF form field. */
  bodyLimit: number;
  /**
   * Where the body comes from once the request's own stream was consumed (Hono, say,
   * caches what its middleware read); by default such a body counts as absent.
   */
  consumedBody?: () => Promise<ArrayBuffer>;
}

/**
 * The core's {@link RequestView} of a Web `Request` (Hono, Bun, Deno, Workers, Next.js
 * route handlers). The body is read only when the json location or the CSRF form field
 * asks for it, and from a clone, so `await request.json()` still works in the handler.
 *
 * @example
 * const context = await jwt.verifyRequest(webRequestView(request, { bodyLimit: 102400 }));
 */
export function webRequestView(request: Request, options: WebViewOptions): RequestView {
  const { bodyLimit, consumedBody } = options;
  return createRequestView({
    method: request.method,
    url: request.url,
    header: (name) => request.headers.get(name) ?? undefined,
    async body() {
      const raw =
        request.bodyUsed && consumedBody
          ? await readWithin(consumedBody(), bodyLimit)
          : await readClonedBody(request, bodyLimit);
      return raw instanceof Uint8Array ? { raw } : raw;
    },
  });
}
