import { parse as parseCookies } from "cookie";

/**
 * The read-only view of a request that the core works on: the whole contract between the
 * core and the framework adapters. Bodies are read only when a rule needs them.
 */
export interface RequestView {
  readonly method: string;
  /** A header's value, by case-insensitive name. */
  header(name: string): string | undefined;
  /** A cookie's value, by exact name (the first when a name repeats). */
  cookie(name: string): string | undefined;
  /** A query parameter's value (the first when a name repeats). */
  query(name: string): string | undefined;
  /**
   * The body parsed as JSON; `undefined` when there is none or it is not JSON, and
   * {@link BODY_TOO_LARGE} when the adapter refused to read it past its limit.
   */
  json(): Promise<unknown>;
  /**
   * The fields of an urlencoded or multipart body (the first value of a repeated field);
   * `undefined` for any other body, and {@link BODY_TOO_LARGE} when the adapter refused to
   * read it past its limit.
   */
  form(): Promise<ReadonlyMap<string, string> | typeof BODY_TOO_LARGE | undefined>;
}

/**
 * What an adapter knows of a request body: already parsed by the framework, or raw bytes
 * that the core parses itself, or nothing.
 */
export type BodySource =
  | { readonly parsed: unknown }
  | { readonly raw: Uint8Array | string }
  /** The body is larger than the adapter's limit and was not read. */
  | { readonly tooLarge: true }
  | undefined;

/** The few facts an adapter gives to build a {@link RequestView}. */
export interface RequestSource {
  readonly method: string;
  /** Path and query, e.g. `/protected?jwt=...`. */
  readonly url: string;
  header(name: string): string | undefined;
  /** Called at most once, and only when a rule needs the body. */
  body(): Promise<BodySource>;
}

const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/** Whether a Content-Type names a form: urlencoded or multipart. */
export const isFormContentType = (contentType: string | undefined): boolean =>
  contentType !== undefined && FORM_TYPES.test(contentType);

/** What {@link RequestView.json} and {@link RequestView.form} answer for a body over the limit. */
export const BODY_TOO_LARGE: unique symbol = Symbol("jwt-extended.bodyTooLarge");

function parseJson(source: BodySource): unknown {
  if (source === undefined) return undefined;
  if ("tooLarge" in source) return BODY_TOO_LARGE;
  if ("parsed" in source) return source.parsed;
  const text =
    typeof source.raw === "string" ? source.raw : Buffer.from(source.raw).toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function parseForm(
  source: BodySource,
  contentType: string,
): Promise<ReadonlyMap<string, string> | typeof BODY_TOO_LARGE | undefined> {
  if (source === undefined) return undefined;
  if ("tooLarge" in source) return BODY_TOO_LARGE;
  if ("parsed" in source) {
    const fields = source.parsed;
    if (fields === null || typeof fields !== "object") return undefined;
    const firsts = new Map<string, string>();
    for (const [name, value] of Object.entries(fields)) {
      // Parsers keep a repeated field as an array of its values; the first one counts.
      const first: unknown = Array.isArray(value) ? value[0] : value;
      if (typeof first === "string") firsts.set(name, first);
    }
    return firsts;
  }
  try {
    // The platform's own parser covers both urlencoded and multipart bodies.
    const formData = await new Response(source.raw as BodyInit, {
      headers: { "content-type": contentType },
    }).formData();
    const fields = new Map<string, string>();
    for (const [name, value] of formData) {
      if (typeof value === "string" && !fields.has(name)) fields.set(name, value);
    }
    return fields;
  } catch {
    return undefined;
  }
}

/**
 * The {@link RequestView} over a {@link RequestSource}: cookies, query and body are parsed
 * at most once, when first asked for. A class, so that a request costs one object rather
 * than a closure per method.
 */
class SourceRequestView implements RequestView {
  readonly method: string;
  readonly #source: RequestSource;
  #cookies: Record<string, string | undefined> | undefined;
  #query: URLSearchParams | undefined;
  #body: Promise<BodySource> | undefined;

  constructor(source: RequestSource) {
    this.method = source.method.toUpperCase();
    this.#source = source;
  }

  header(name: string): string | undefined {
    return this.#source.header(name);
  }

  cookie(name: string): string | undefined {
    if (this.#cookies === undefined) {
      const header = this.#source.header("cookie");
      this.#cookies = header ? parseCookies(header) : {};
    }
    return Object.hasOwn(this.#cookies, name) ? this.#cookies[name] : undefined;
  }

  query(name: string): string | undefined {
    if (this.#query === undefined) {
      const { url } = this.#source;
      const start = url.indexOf("?");
      this.#query = new URLSearchParams(start === -1 ? "" : url.slice(start + 1));
    }
    return this.#query.get(name) ?? undefined;
  }

  async json(): Promise<unknown> {
    return parseJson(await this.#readBody());
  }

  async form(): Promise<ReadonlyMap<string, string> | typeof BODY_TOO_LARGE | undefined> {
    const contentType = this.#source.header("content-type") ?? "";
    if (!isFormContentType(contentType)) return undefined;
    return parseForm(await this.#readBody(), contentType);
  }

  #readBody(): Promise<BodySource> {
    this.#body ??= this.#source.body();
    return this.#body;
  }
}

/** Builds the core's {@link RequestView} from what an adapter knows of a request. */
export function createRequestView(source: RequestSource): RequestView {
  return new SourceRequestView(source);
}
