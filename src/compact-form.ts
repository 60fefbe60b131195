import { JwtDecodeError } from "./errors.ts";
import type { JwtHeader, JwtPayload } from "./payload.ts";

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

function checkSegment(segment: string, part: string): void {
  const remainder = segment.length % 4;
  const last = segment[segment.length - 1] as string;
  if (
    !SEGMENT.test(segment) ||
    remainder === 1 ||
    (CANONICAL_LAST[remainder] !== undefined && !CANONICAL_LAST[remainder].includes(last))
  ) {
    throw new JwtDecodeError(`The token ${part} is not valid base64url.`);
  }
}

function jsonObject(segment: string, part: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(Buffer.from(segment, "base64url")));
  } catch {
    throw new JwtDecodeError(`The token ${part} is not valid UTF-8 JSON.`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new JwtDecodeError(`The token ${part} is not a JSON object.`);
  }
  return value as Record<string, unknown>;
}

/** A token's header and claims, read and checked for form but not verified. */
export interface UnverifiedJwt {
  header: JwtHeader;
  payload: JwtPayload;
}

/**
 * Reads a compact JWS strictly. Throws a {@link JwtDecodeError} (whose message never
 * quotes the token) for anything else. The `alg` must be a string and `kid`, when present,
 * a string; whether they are acceptable is the verifier's decision.
 */
export function readCompactJws(token: string): UnverifiedJwt {
  const segments = token.split(".");
  if (segments.length !== 3) {
    throw new JwtDecodeError("The token is malformed.");
  }
  const [headerSegment, payloadSegment, signature] = segments as [string, string, string];
  checkSegment(headerSegment, "header");
  checkSegment(payloadSegment, "payload");
  if (signature.length === 0) throw new JwtDecodeError("The token signature is missing.");
  checkSegment(signature, "signature");
  const header = jsonObject(headerSegment, "header");
  if (typeof header.alg !== "string") throw new JwtDecodeError("The token algorithm is invalid.");
  if (header.kid !== undefined && typeof header.kid !== "string") {
    throw new JwtDecodeError("The token kid header must be a string.");
  }
  const payload = jsonObject(payloadSegment, "payload");
  return { header: header as JwtHeader, payload: payload as JwtPayload };
}
