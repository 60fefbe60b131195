import { JwtManager } from "jwt-extended";
import { afterEach, describe, expect, it, vi } from "vitest";
import { claims, forge } from "../helpers/jws.ts";

const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";
const secret = Buffer.from(secretKey);
const hs = (payload: Record<string, unknown>) =>
  forge({ alg: "HS256", typ: "JWT" }, payload, secret);
/** 2026-01-01T00:00:00.500Z: half a second into a whole second. */
const NOW_MS = Date.UTC(2026, 0, 1) + 500;
const NOW = Math.floor(NOW_MS / 1000);

const invalid = (message: string) => ({ code: "DECODE", status: 422, message });

afterEach(() => {
  vi.useRealTimers();
});

const freeze = () => vi.useFakeTimers({ toFake: ["Date"], now: NOW_MS });

describe("iat: a token issued in the future is refused, as PyJWT refuses it", () => {
  const jwt = new JwtManager({ secretKey });

  it("refuses a token issued an hour from now with 422 The token is not yet valid (iat)", async () => {
    await expect(
      jwt.decodeToken(hs(claims("alice", { iat: Math.floor(Date.now() / 1000) + 3600 }))),
    ).rejects.toMatchObject(invalid("The token is not yet valid (iat)"));
  });

  it("counts whole seconds as PyJWT does: refuses iat one second ahead, accepts iat in this second", async () => {
    freeze();
    await expect(
      jwt.decodeToken(hs(claims("alice", { iat: NOW + 1, nbf: NOW }))),
    ).rejects.toMatchObject(invalid("The token is not yet valid (iat)"));
    await expect(
      jwt.decodeToken(hs(claims("alice", { iat: NOW, nbf: NOW }))),
    ).resolves.toMatchObject({
      sub: "alice",
    });
  });

  it("applies decodeLeeway: iat 60 s ahead passes with a leeway of 60, 61 s ahead does not", async () => {
    const lenient = new JwtManager({ secretKey, decodeLeeway: 60 });
    freeze();
    await expect(
      lenient.decodeToken(hs(claims("alice", { iat: NOW + 60, nbf: NOW }))),
    ).resolves.toMatchObject({ sub: "alice" });
    await expect(
      lenient.decodeToken(hs(claims("alice", { iat: NOW + 61, nbf: NOW }))),
    ).rejects.toMatchObject(invalid("The token is not yet valid (iat)"));
  });

  it("checks iat before nbf and exp, as PyJWT does", async () => {
    freeze();
    const token = hs(claims("alice", { iat: NOW + 3600, nbf: NOW + 3600, exp: NOW - 10 }));
    await expect(jwt.decodeToken(token)).rejects.toMatchObject(
      invalid("The token is not yet valid (iat)"),
    );
  });

  it("refuses a future iat even when expired tokens are allowed", async () => {
    freeze();
    const token = hs(claims("alice", { iat: NOW + 3600, nbf: NOW }));
    await expect(jwt.decodeToken(token, { allowExpired: true })).rejects.toMatchObject(
      invalid("The token is not yet valid (iat)"),
    );
  });

  it.each([
    ["a string", "yesterday"],
    ["a numeric string", String(NOW)],
    ["null", null],
    ["an array", [NOW]],
    ["true", true],
  ])(
    "refuses iat that is %s with 422 Issued At claim (iat) must be an integer.",
    async (_what, iat) => {
      await expect(jwt.decodeToken(hs(claims("alice", { iat })))).rejects.toMatchObject(
        invalid("Issued At claim (iat) must be an integer."),
      );
    },
  );

  it("accepts a token without iat", async () => {
    const { iat: _iat, ...rest } = claims("alice");
    await expect(jwt.decodeToken(hs(rest))).resolves.toMatchObject({ sub: "alice" });
  });
});

describe("the other registered claims answer PyJWT's messages", () => {
  const jwt = new JwtManager({ secretKey });

  it("nbf in the future: The token is not yet valid (nbf)", async () => {
    freeze();
    await expect(jwt.decodeToken(hs(claims("alice", { nbf: NOW + 3600 })))).rejects.toMatchObject(
      invalid("The token is not yet valid (nbf)"),
    );
  });

  it("nbf and exp that are not numbers: PyJWT's 'must be an integer' messages", async () => {
    await expect(jwt.decodeToken(hs(claims("alice", { nbf: "soon" })))).rejects.toMatchObject(
      invalid("Not Before claim (nbf) must be an integer."),
    );
    await expect(jwt.decodeToken(hs(claims("alice", { exp: "later" })))).rejects.toMatchObject(
      invalid("Expiration Time claim (exp) must be an integer."),
    );
  });

  it("an expired token is still 401 Token has expired, and carries its claims for the loader", async () => {
    freeze();
    const token = hs(claims("alice", { iat: NOW - 60, nbf: NOW - 60, exp: NOW - 30 }));
    await expect(jwt.decodeToken(token)).rejects.toMatchObject({
      code: "EXPIRED",
      status: 401,
      message: "Token has expired",
      jwt: { payload: expect.objectContaining({ sub: "alice" }) },
    });
  });

  describe("with decodeAudience and decodeIssuer", () => {
    const strict = new JwtManager({
      secretKey,
      decodeAudience: ["api", "web"],
      decodeIssuer: "auth",
    });

    it.each([
      ["no aud", { iss: "auth" }, 'Token is missing the "aud" claim'],
      ["an empty aud", { aud: "", iss: "auth" }, 'Token is missing the "aud" claim'],
      ["an empty aud list", { aud: [], iss: "auth" }, 'Token is missing the "aud" claim'],
      ["another audience", { aud: "mobile", iss: "auth" }, "Invalid audience"],
      ["a numeric aud", { aud: 5, iss: "auth" }, "Invalid claim format in token"],
      ["a list with a number", { aud: ["api", 5], iss: "auth" }, "Invalid claim format in token"],
      ["no iss", { aud: "api" }, 'Token is missing the "iss" claim'],
      ["another issuer", { aud: "api", iss: "them" }, "Invalid issuer"],
      ["a null iss", { aud: "api", iss: null }, "Invalid issuer"],
    ])("refuses a token with %s: %s", async (_what, extra, message) => {
      await expect(strict.decodeToken(hs(claims("alice", extra)))).rejects.toMatchObject(
        invalid(message),
      );
    });

    it("checks iss before aud, as PyJWT does", async () => {
      await expect(
        strict.decodeToken(hs(claims("alice", { aud: "mobile", iss: "them" }))),
      ).rejects.toMatchObject(invalid("Invalid issuer"));
    });

    it("accepts a token naming one of the audiences among others", async () => {
      await expect(
        strict.decodeToken(hs(claims("alice", { aud: ["mobile", "web"], iss: "auth" }))),
      ).resolves.toMatchObject({ sub: "alice" });
    });
  });
});
