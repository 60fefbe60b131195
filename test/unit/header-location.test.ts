import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ResolvedOptions } from "../../src/config/option-table.ts";
import type { FoundToken } from "../../src/request/locations/found-token.ts";
import { readHeaders } from "../../src/request/locations/headers.ts";
import type { RequestView } from "../../src/request/request-view.ts";

const viewWith = (authorization: string): RequestView =>
  ({
    header: (name: string) => (name === "Authorization" ? authorization : undefined),
  }) as RequestView;

const options = (headerType: string): ResolvedOptions =>
  ({ headerName: "Authorization", headerType }) as ResolvedOptions;

/** The contract's rule (BEHAVIOR.md §3, headers) spelled out the slow way, as the reference. */
function generalRule(value: string, type: string): { token: string } | { error: string } {
  const trimmed = value.trim().replace(/^,+|,+$/g, "");
  if (trimmed.length === 0) return { error: "NoAuthorizationError" };
  const words = (entry: string) => entry.split(/\s+/).filter(Boolean);
  const entries = trimmed
    .split(/,\s*/)
    .map(words)
    .filter((parts) => parts[0]?.toLowerCase() === type.toLowerCase());
  if (entries.length !== 1) return { error: "NoAuthorizationError" };
  const [entry] = entries as [string[]];
  return entry.length === 2 ? { token: entry[1] as string } : { error: "InvalidHeaderError" };
}

const outcome = (value: string, type: string): { token: string } | { error: string } => {
  try {
    const found = readHeaders(viewWith(value), options(type), false) as FoundToken;
    return { token: found.token as string };
  } catch (error) {
    return { error: (error as Error).constructor.name };
  }
};

describe("the headers location", () => {
  it("reads the usual `Bearer <JWT>` header", () => {
    expect(outcome("Bearer a.b.c", "Bearer")).toEqual({ token: "a.b.c" });
    expect(outcome("bearer a.b.c", "Bearer")).toEqual({ token: "a.b.c" });
  });

  it("answers every header value as the contract's general rule does", () => {
    const characters = fc.constantFrom(..."Bearer basic a.b-c_ , \t\u00a0,".split(""));
    const piece = fc.oneof(
      fc.constantFrom("Bearer", "bearer", "BEARER", "Basic", "a.b.c", "x"),
      fc.constantFrom(" ", "  ", "\t", ",", ", ", "\u00a0", "\n"),
    );
    const value = fc.oneof(
      fc.string({ unit: characters, maxLength: 30 }),
      fc.array(piece, { maxLength: 6 }).map((pieces) => pieces.join("")),
    );
    fc.assert(
      fc.property(value, (header) => {
        expect(outcome(header, "Bearer")).toEqual(generalRule(header, "Bearer"));
      }),
      { numRuns: 10_000 },
    );
  });
});
