import * as nodeBuffer from "node:buffer";
import { JwtDecodeError } from "../errors.ts";
import { type DecodedJwt, isFlat, type JwtHeader, type JwtPayload } from "./payload.ts";

/**
 * The strict reading of a JWS compact serialization (RFC 7515 §7.1, RFC 8725 §3.1), done
 * before any key is chosen: exactly three segments, each canonical base64url without
 * padding or stray characters, header and payload valid UTF-8 JSON objects. Lenient
 * decoders that skip junk, padding or trailing bits let one token have many spellings,
 * which defeats caches and blocklists keyed on the token text and hides smuggled bytes.
 */

const SEGMENT = /^[A-Za-z0-9_-]+$/;

/**
 * The last character of a segment whose length is 2 or 3 modulo 4 carries bits that
 * encode nothing; only the characters with those bits zero are canonical.
 */
const CANONICAL_LAST: Record<number, string> = { 2: "AQgw", 3: "AEIMQUYcgkosw048" };

/** Fatal: a byte sequence that is not UTF-8 is an error, never a replacement character. */
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** `isAscii` of `node:buffer`, where the runtime has it (read so that a runtime without it still loads). */
const isAscii: ((bytes: Uint8Array) => boolean) | undefined = (
  nodeBuffer as { isAscii?: (bytes: Uint8Array) => boolean }
).isAscii;

/** Text of decoded bytes: ASCII, which most claims are, is read without the UTF-8 decoder. */
function textOf(bytes: Buffer): string {
  return isAscii?.(bytes) ? bytes.toString("latin1") : utf8.decode(bytes);
}

/**
 * Header segments read lately, by their exact text, with their JSON: a service's tokens
 * share a handful of headers, so most reads skip decoding one. Only headers whose values
 * are all primitives are kept, and each read gets its own copy. Bounded: when full, it is
 * emptied (a client sending ever new headers only makes it useless, never large).
 */
const readHeaders = new Map<string, Readonly<Record<string, unknown>>>();
const READ_HEADERS_LIMIT = 64;

function headerObject(segment: string): Record<string, unknown> {
  const known = readHeaders.get(segment);
  if (known !== undefined) return { ...known };
  const header = jsonObject(segment, "header");
  if (isFlat(header)) {
    if (readHeaders.size >= READ_HEADERS_LIMIT) readHeaders.clear();
    readHeaders.set(segment, { ...header });
  }
  return header;
}

/** PyJWT's name for each part, in its messages. */
type Part = "header" | "payload" | "crypto";

function checkSegment(segment: string, part: Part): void {
  const remainder = segment.length % 4;
  const last = segment[segment.length - 1] as string;
  if (
    !SEGMENT.test(segment) ||
    remainder === 1 ||
    (CANONICAL_LAST[remainder] !== undefined && !CANONICAL_LAST[remainder].includes(last))
  ) {
    throw new JwtDecodeError(`Invalid ${part} padding`);
  }
}

/**
 * A segment's JSON object. PyJWT's messages, except what follows the colon for text that
 * does not parse: Python quotes its json module there, and the client's text is never quoted.
 */
function jsonObject(segment: string, part: Exclude<Part, "crypto">): Record<string, unknown> {
  let text: string;
  try {
    text = textOf(Buffer.from(segment, "base64url"));
  } catch {
    throw new JwtDecodeError(`Invalid ${part} string: not valid UTF-8`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new JwtDecodeError(`Invalid ${part} string: not valid JSON`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new JwtDecodeError(`Invalid ${part} string: must be a json object`);
  }
  return value as Record<string, unknown>;
}

/**
 * Checks that a presented token is text before anything reads it; PyJWT's words, Python's
 * class name included, as a peer's clients read them.
 */
export function requireTokenText(token: unknown): asserts token is string {
  if (typeof token !== "string") {
    throw new JwtDecodeError("Invalid token type. Token must be a <class 'bytes'>");
  }
}

/**
 * Reads a compact JWS strictly, in PyJWT's order and with its messages (see
 * `registered-claims.ts`): segments, header, payload, signature encoding, then `kid` and
 * `alg`. Throws a {@link JwtDecodeError} (whose message never quotes the token). The `alg`
 * must be a string and `kid`, when present, a string; whether they are acceptable is the
 * verifier's decision. An empty signature passes here and fails verification, as in PyJWT.
 */
export function readCompactJws(token: string): DecodedJwt {
  const segments = token.split(".");
  if (segments.length < 3) throw new JwtDecodeError("Not enough segments");
  // PyJWT splits off the first and the last segment and reads the rest as the payload.
  if (segments.length > 3) throw new JwtDecodeError("Too many segments");
  const [headerSegment, payloadSegment, signature] = segments as [string, string, string];
  checkSegment(headerSegment, "header");
  const header = headerObject(headerSegment);
  checkSegment(payloadSegment, "payload");
  if (signature.length > 0) checkSegment(signature, "crypto");
  const payload = jsonObject(payloadSegment, "payload");
  if (header.kid !== undefined && typeof header.kid !== "string") {
    throw new JwtDecodeError("Key ID header parameter must be a string");
  }
  if (typeof header.alg !== "string") {
    throw new JwtDecodeError("The specified alg value is not allowed");
  }
  return { header: header as JwtHeader, payload: payload as JwtPayload };
}
