import { randomUUID } from "node:crypto";
import { equalInConstantTime } from "../token/constant-time.ts";

/** A new double-submit value for a token's `csrf` claim. */
export const newCsrfValue = (): string => randomUUID();

/**
 * Compares the value the client sent with the token's `csrf` claim in constant time, so
 * the reply's timing tells an attacker nothing about how much of a guess was right. Only
 * the lengths are compared first: a CSRF value's length is no secret (the value sits in a
 * cookie the page reads, and the library's are all 36 characters).
 */
export function csrfValuesMatch(sent: string, claim: unknown): boolean {
  return typeof claim === "string" && equalInConstantTime(sent, claim);
}
