/**
 * What every answer to a hostile request must be: a 4xx JSON error object (never a 5xx,
 * never the route's success), with nothing in it that came from a secret, a token, a
 * stack trace or the hostile input itself.
 */
import type { Reply } from "./client.ts";

/** What a case sent that must not come back, and what it may legitimately receive. */
export interface Expectation {
  /** Values sent (a token, junk) that must not be echoed; only those of 16+ characters are checked. */
  readonly echoes?: readonly string[];
  /** Texts that must never appear in an answer (the signing secret, canary identities). */
  readonly forbidden: readonly string[];
  /** The one success a case may get (e.g. the anonymous answer of `/optional`). */
  readonly allowedSuccess?: string;
}

const STACK_MARKERS: ReadonlyArray<RegExp> = [
  /\n\s+at\s/,
  /\bat\s+\S+\s+\(\S+:\d+:\d+\)/,
  /node_modules/,
  /file:\/\//,
  /\b(?:TypeError|RangeError|SyntaxError|ReferenceError)\b/,
];

const CHALLENGES = new Set(["Bearer", 'Bearer error="invalid_token"']);

/** The reasons `reply` breaks the rules; empty when it keeps them. */
export function violations(reply: Reply, expectation: Expectation): string[] {
  const found: string[] = [];
  const success = reply.status >= 200 && reply.status < 300;
  if (success) {
    if (expectation.allowedSuccess === undefined || reply.body !== expectation.allowedSuccess) {
      found.push(`a ${reply.status} success reached the route: ${reply.body.slice(0, 200)}`);
    }
  } else if (reply.status < 400 || reply.status >= 500) {
    found.push(`status ${reply.status} is not a 4xx`);
  }
  if (!/json/i.test(reply.headers["content-type"] ?? "")) {
    found.push(`content-type ${JSON.stringify(reply.headers["content-type"])} is not JSON`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(reply.body);
  } catch {
    found.push(`the body is not JSON: ${JSON.stringify(reply.body.slice(0, 120))}`);
  }
  if (!success && (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))) {
    found.push("the error body is not a JSON object");
  }
  const everything = [reply.body, ...Object.values(reply.headers), ...reply.setCookies].join("\n");
  for (const marker of STACK_MARKERS) {
    if (marker.test(everything)) found.push(`a stack trace or path leaked (${marker})`);
  }
  if (everything.includes(process.cwd())) found.push("a file path leaked");
  if (everything.includes("eyJ")) found.push("something like a token came back");
  for (const text of expectation.forbidden) {
    if (text && everything.includes(text))
      found.push(`a forbidden text came back: ${text.slice(0, 40)}`);
  }
  for (const echo of expectation.echoes ?? []) {
    if (echo.length >= 16 && everything.includes(echo)) {
      found.push(`the input was echoed: ${JSON.stringify(echo.slice(0, 40))}`);
    }
  }
  const challenge = reply.headers["www-authenticate"];
  if (challenge !== undefined && !CHALLENGES.has(challenge)) {
    found.push(`unexpected WWW-Authenticate: ${JSON.stringify(challenge.slice(0, 80))}`);
  }
  return found;
}
