/**
 * GHSA-75c5-xw7c-p5pm (CVE-2024-53861), PyJWT 2.10.0: issuer checked by partial match.
 *
 * PyJWT 2.10.0 checked the `iss` claim with Python's `in` operator against the configured
 * issuer. When the issuer was a string, `in` tested for a substring: with an expected
 * issuer of `"__abc__"`, tokens whose `iss` was `"abc"`, `"_"` or `""` were accepted.
 *
 * Here `iss` (and `aud`) are compared with `===` against configured strings only; a claim
 * that is a list, a prefix, a substring or differs in case is refused, and a configured
 * issuer or audience must be present in the token.
 */
import { JwtManager } from "jwt-extended";
import { describe, expect, it } from "vitest";
import { claims, forge } from "../helpers/jws.ts";

const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";
const token = (extra: Record<string, unknown>) =>
  forge({ alg: "HS256", typ: "JWT" }, claims("example_user", extra), Buffer.from(secretKey));

describe("GHSA-75c5-xw7c-p5pm: partial issuer matches", () => {
  const jwt = new JwtManager({ secretKey, decodeIssuer: "__abc__" });

  it("accepts the exact issuer", async () => {
    await expect(jwt.decodeToken(token({ iss: "__abc__" }))).resolves.toBeTruthy();
  });

  it.each([
    ["a substring", "abc"],
    ["one character of it", "_"],
    ["the empty string", ""],
    ["a prefix", "__abc"],
    ["a longer string containing it", "__abc__x"],
    ["another case", "__ABC__"],
    ["a list of substrings", ["_", "abc"]],
    ["a list holding it", ["__abc__"]],
  ])("refuses %s", async (_what, iss) => {
    await expect(jwt.decodeToken(token({ iss }))).rejects.toMatchObject({ status: 422 });
  });

  it("refuses a token without iss", async () => {
    await expect(jwt.decodeToken(token({}))).rejects.toMatchObject({ status: 422 });
  });

  it("compares aud the same way", async () => {
    const audience = new JwtManager({ secretKey, decodeAudience: "__api__" });
    await expect(audience.decodeToken(token({ aud: "__api__" }))).resolves.toBeTruthy();
    for (const aud of ["api", "_", "", "__API__", ["api"]]) {
      await expect(audience.decodeToken(token({ aud }))).rejects.toMatchObject({ status: 422 });
    }
  });
});
