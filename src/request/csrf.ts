import { randomUUID, timingSafeEqual } from "node:crypto";

/** A new double-submit value for a token's `csrf` claim. */
export const newCsrfValue = (): string => randomUUID();

/**
 * Compares the value the client sent with the token's `csrf` claim in constant time, so
 * the reply's timing tells an attacker nothing about how much of a guess was right. Only
 * the lengths are compared first: a CSRF value's length is no secret (the value sits in a
 * cookie the page reads, and the library's are all 36 characters), and comparing the bytes
 * directly spares two hashes per request.
 */
export function csrfValuesMatch(sent: string, claim: unknown): boolean {
  if (typeof claim !== "string") return false;
  const expected = Buffer.from(claim, "utf8");
  const given = Buffer.from(sent, "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
