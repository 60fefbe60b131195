import { createHash, randomUUID, timingSafeEqual } from "node:crypto";

/** A new double-submit value for a token's `csrf` claim. */
export const newCsrfValue = (): string => randomUUID();

const digest = (value: string): Buffer => createHash("sha256").update(value, "utf8").digest();

/**
 * Compares the value the client sent with the token's `csrf` claim in constant time, so
 * the reply's timing tells an attacker nothing about how much of a guess was right.
 * Both sides are hashed first: equal-length digests let `timingSafeEqual` run on values of
 * any length without throwing and without revealing the length.
 */
export function csrfValuesMatch(sent: string, claim: unknown): boolean {
  if (typeof claim !== "string") return false;
  return timingSafeEqual(digest(sent), digest(claim));
}
