import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { equalInConstantTime } from "../../src/token/constant-time.ts";

describe("equalInConstantTime", () => {
  it("is true for equal strings, the empty string included", () => {
    expect(equalInConstantTime("", "")).toBe(true);
    expect(equalInConstantTime("abc-DEF_123", "abc-DEF_123")).toBe(true);
    expect(equalInConstantTime("clé ✓", "clé ✓")).toBe(true);
  });

  it("is false when the strings differ anywhere, or in length", () => {
    expect(equalInConstantTime("xbcdef", "abcdef")).toBe(false);
    expect(equalInConstantTime("abcxef", "abcdef")).toBe(false);
    expect(equalInConstantTime("abcdex", "abcdef")).toBe(false);
    expect(equalInConstantTime("abcde", "abcdef")).toBe(false);
    expect(equalInConstantTime("abcdef", "")).toBe(false);
    // Code units that differ in their high byte only.
    expect(equalInConstantTime("\u0141", "\u0041")).toBe(false);
  });

  it("agrees with === on any two strings", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(equalInConstantTime(a, b)).toBe(a === b);
        expect(equalInConstantTime(a, a)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
