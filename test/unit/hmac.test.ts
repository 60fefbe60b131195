import { createHmac, createSecretKey, hash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type OneShotHash, signingInputMac } from "../../src/token/hmac.ts";

const key = (bytes: Buffer) => createSecretKey(bytes);
const oneShot = hash as OneShotHash;
const hex = (base64url: string) => Buffer.from(base64url, "base64url").toString("hex");

// Both ways of computing the MAC: RFC 2104 over node:crypto's one-shot hash, and createHmac
// where the runtime lacks it.
const PATHS = [
  ["one-shot hash", oneShot],
  ["createHmac fallback", null],
] as const;

describe.each(PATHS)("signingInputMac, %s", (_name, path) => {
  it("gives RFC 4231's HMAC-SHA-256 of test cases 1 and 2", () => {
    const case1 = signingInputMac("sha256", key(Buffer.alloc(20, 0x0b)), path);
    expect(hex(case1("Hi There", 8))).toBe(
      "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
    );
    const case2 = signingInputMac("sha256", key(Buffer.from("Jefe")), path);
    const data = "what do ya want for nothing?";
    expect(hex(case2(data, data.length))).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
  });

  it("MACs only the text before `end`: a token's signing input", () => {
    const mac = signingInputMac(
      "sha256",
      key(Buffer.from("a-secret-of-at-least-thirty-two-bytes!!")),
      path,
    );
    const token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl";
    const end = token.lastIndexOf(".");
    const expected = createHmac("sha256", "a-secret-of-at-least-thirty-two-bytes!!")
      .update(token.slice(0, end))
      .digest("base64url");
    expect(mac(token, end)).toBe(expected);
  });

  it("equals createHmac for SHA-256, -384 and -512, keys shorter and longer than a block", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("sha256", "sha384", "sha512"),
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        fc.string({ unit: fc.constantFrom(..."ABCxyz019-_."), maxLength: 400 }),
        (algorithm, secret, text) => {
          const mac = signingInputMac(algorithm, key(Buffer.from(secret)), path);
          const hmac = createHmac(algorithm, Buffer.from(secret)).update(text);
          expect(mac(text, text.length)).toBe(hmac.digest("base64url"));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("grows its buffer for a long text, and MACs a short one after it alone", () => {
    const secret = Buffer.from("a-secret-of-at-least-thirty-two-bytes!!");
    const mac = signingInputMac("sha256", key(secret), path);
    for (const length of [10, 2_000, 5_000, 3, 1_100, 9_000, 0, 64]) {
      const text = "ab.-_XYZ09".repeat(Math.ceil(length / 10)).slice(0, length);
      const expected = createHmac("sha256", secret).update(text).digest("base64url");
      expect(mac(text, text.length)).toBe(expected);
    }
  });

  it("reuses its buffers: texts of every length, longer and shorter in turn, each MACed alone", () => {
    const secret = Buffer.from("a-secret-of-at-least-thirty-two-bytes!!");
    const macs = ["sha256", "sha384", "sha512"].map(
      (algorithm) => [algorithm, signingInputMac(algorithm, key(secret), path)] as const,
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: fc.constantFrom(..."ABCxyz019-_."), maxLength: 3000, size: "max" }),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        (texts) => {
          for (const text of texts) {
            for (const [algorithm, mac] of macs) {
              const expected = createHmac(algorithm, secret).update(text).digest("base64url");
              expect(mac(text, text.length)).toBe(expected);
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
