/**
 * GHSA-8wpc-h4q6-8fxv, fast-jwt: an empty key verified nothing.
 *
 * `createVerifier` accepted `''` or `null` as its key. With an algorithm allow-list given,
 * the empty key skipped key preparation, and verification then saw neither a key nor a
 * signature and checked nothing: an unsigned token with any claims was accepted. The
 * related GHSA-gmvf-9v4p-v8jc was the async variant: a key resolver returning `''` (the
 * common `keys[kid] || ''` fallback) made an HMAC over an empty key, which anyone can
 * compute.
 *
 * Here an empty configured key fails when the manager is built, and an empty, `null` or
 * missing key from the decode-key loader means "no key for this token": the token is
 * refused with 422, never verified with nothing, never a 500.
 */
import { createHmac } from "node:crypto";
import express from "express";
import { JwtManager, type KeyInput } from "jwt-extended";
import { expressJwt } from "jwt-extended/express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer } from "../helpers/bearer.ts";
import { claims, forge, signingInput, unsigned } from "../helpers/jws.ts";
import { type Listening, listen } from "../helpers/listen.ts";

const emptyHmac = (alg: "HS256"): string => {
  const input = signingInput({ alg, typ: "JWT", kid: "unknown" }, claims("admin"));
  return `${input}.${createHmac("sha256", "").update(input).digest("base64url")}`;
};

const attacks: ReadonlyArray<readonly [string, string]> = [
  ["an unsigned token (alg none)", unsigned("none", claims("admin"))],
  ["an HS256 token with an empty signature", `${signingInput({ alg: "HS256" }, claims("admin"))}.`],
  ["an HS256 token signed with an empty key", emptyHmac("HS256")],
];

describe("GHSA-8wpc-h4q6-8fxv: an empty key verified nothing", () => {
  it.each([
    ["an empty string", ""],
    ["an empty Buffer", Buffer.alloc(0)],
  ])("refuses %s as the secret at construction", (_what, secretKey) => {
    expect(() => new JwtManager({ secretKey })).toThrow(/secretKey/);
  });

  it("refuses a missing public key at construction", () => {
    expect(() => new JwtManager({ algorithm: "RS256", privateKey: "x" })).toThrow(/publicKey/);
  });

  const keys: Record<string, string> = { k1: "a-secret-of-at-least-thirty-two-bytes!!" };
  const loaders: ReadonlyArray<readonly [string, (kid: string) => KeyInput]> = [
    ["keys[kid] || ''", (kid) => (Object.hasOwn(keys, kid) ? (keys[kid] as string) : "")],
    ["an empty Buffer", () => Buffer.alloc(0)],
    ["undefined", () => undefined as unknown as KeyInput],
    ["null", () => null as unknown as KeyInput],
  ];

  for (const [what, loader] of loaders) {
    describe(`a decode-key loader returning ${what}`, () => {
      const jwt = new JwtManager({
        loaders: {
          encodeKey: () => keys.k1 as string,
          decodeKey: (header) => loader(String(header.kid)),
        },
      });

      it.each(attacks)("refuses %s with 422", async (_attack, token) => {
        await expect(jwt.decodeToken(token)).rejects.toMatchObject({ status: 422 });
      });
    });
  }

  describe("over HTTP", () => {
    let server: Listening;
    beforeAll(async () => {
      const jwt = new JwtManager({
        loaders: {
          encodeKey: () => keys.k1 as string,
          decodeKey: (header) =>
            (Object.hasOwn(keys, String(header.kid)) ? keys[String(header.kid)] : "") as string,
        },
      });
      const app = express();
      app.get("/protected", expressJwt(jwt).jwtRequired(), (_req, res) => {
        res.json({ foo: "bar" });
      });
      server = await listen(app);
    });
    afterAll(() => server.close());

    it.each(attacks)("answers %s with a 422 JSON error, not the route", async (_attack, token) => {
      const res = await fetch(`${server.url}/protected`, {
        headers: bearer(token),
      });
      expect(res.status).toBe(422);
      expect(await res.json()).toEqual({ msg: expect.any(String) });
    });

    it("still serves a token signed with the loader's key", async () => {
      const token = forge(
        { alg: "HS256", typ: "JWT", kid: "k1" },
        claims(),
        Buffer.from(keys.k1 as string),
      );
      const res = await fetch(`${server.url}/protected`, {
        headers: bearer(token),
      });
      expect(res.status).toBe(200);
    });
  });
});
