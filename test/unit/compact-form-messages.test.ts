import { JwtManager } from "jwt-extended";
import { describe, expect, it } from "vitest";
import { b64url, claims, signature, signingInput } from "../helpers/jws.ts";

const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";
const secret = Buffer.from(secretKey);
const jwt = new JwtManager({ secretKey });
const HS256 = { alg: "HS256", typ: "JWT" };

/** Header and payload segments as given, signed with the secret. */
const signedSegments = (header: string, payload: string): string => {
  const input = `${header}.${payload}`;
  return `${input}.${signature("HS256", secret, input)}`;
};

const refusedWith = (message: string) => ({ code: "DECODE", status: 422, message });

describe("the strict reading answers PyJWT's messages, in PyJWT's order", () => {
  it.each([
    ["one segment", "abc", "Not enough segments"],
    ["two segments", "abc.def", "Not enough segments"],
    ["four segments", `${signingInput(HS256, claims())}.c2ln.c2ln`, "Too many segments"],
    ["a padded header", `${b64url(JSON.stringify(HS256))}=.e30.c2ln`, "Invalid header padding"],
    ["a header of impossible length", "eyJhb.e30.c2ln", "Invalid header padding"],
    [
      "a payload with a stray character",
      `${b64url(JSON.stringify(HS256))}.e3*0.c2ln`,
      "Invalid payload padding",
    ],
    [
      "a signature of impossible length",
      `${signingInput(HS256, claims())}.abcde`,
      "Invalid crypto padding",
    ],
  ])("refuses %s", async (_what, token, message) => {
    await expect(jwt.decodeToken(token)).rejects.toMatchObject(refusedWith(message));
  });

  it.each([
    [
      "a header that is not JSON",
      b64url("{alg"),
      b64url("{}"),
      "Invalid header string: not valid JSON",
    ],
    [
      "a header that is not UTF-8",
      b64url(Buffer.from([0xff, 0x7b])),
      b64url("{}"),
      "Invalid header string: not valid UTF-8",
    ],
    [
      "a header that is a string",
      b64url('"HS256"'),
      b64url("{}"),
      "Invalid header string: must be a json object",
    ],
    [
      "a payload that is not JSON",
      b64url(JSON.stringify(HS256)),
      b64url("{sub"),
      "Invalid payload string: not valid JSON",
    ],
    [
      "a payload that is null",
      b64url(JSON.stringify(HS256)),
      b64url("null"),
      "Invalid payload string: must be a json object",
    ],
  ])("refuses %s", async (_what, header, payload, message) => {
    await expect(jwt.decodeToken(signedSegments(header, payload))).rejects.toMatchObject(
      refusedWith(message),
    );
  });

  it("reads the header before the payload, as PyJWT does", async () => {
    const token = signedSegments(b64url("[]"), b64url("[]"));
    await expect(jwt.decodeToken(token)).rejects.toMatchObject(
      refusedWith("Invalid header string: must be a json object"),
    );
  });

  it("checks kid before alg, both after the payload", async () => {
    const both = signedSegments(
      b64url(JSON.stringify({ alg: 5, kid: 7 })),
      b64url(JSON.stringify(claims())),
    );
    await expect(jwt.decodeToken(both)).rejects.toMatchObject(
      refusedWith("Key ID header parameter must be a string"),
    );
    const noAlg = signedSegments(
      b64url(JSON.stringify({ typ: "JWT" })),
      b64url(JSON.stringify(claims())),
    );
    await expect(jwt.decodeToken(noAlg)).rejects.toMatchObject(
      refusedWith("The specified alg value is not allowed"),
    );
  });

  it("reads an empty signature and refuses it as a failed verification", async () => {
    await expect(jwt.decodeToken(`${signingInput(HS256, claims())}.`)).rejects.toMatchObject(
      refusedWith("Signature verification failed"),
    );
  });

  it("never quotes the token in a message", async () => {
    const marker = "MARKER-in-the-token";
    const token = signedSegments(b64url(`{"alg":"${marker}`), b64url(marker));
    const error = await jwt.decodeToken(token).catch((caught: unknown) => caught);
    expect(String((error as Error).message)).not.toContain(marker);
  });
});
