import { afterEach, describe, expect, it, vi } from "vitest";
import { JwtManager, type RequestView } from "../../src/index.ts";
import { createRequestView } from "../../src/request/request-view.ts";
import { bearer } from "../helpers/bearer.ts";

// A manager remembers the tokens it verified lately (src/token/verified-tokens.ts). These tests
// pin that a token presented again is still checked for everything but its signature.

const SECRET = "a-secret-of-at-least-thirty-two-bytes-for-hs256";

const requestWith = (headers: Record<string, string>, method = "GET"): RequestView =>
  createRequestView({
    method,
    url: "/protected",
    header: (name) =>
      Object.entries(headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1],
    body: () => Promise.resolve(undefined),
  });

afterEach(() => {
  vi.useRealTimers();
});

describe("a token presented again", () => {
  it("is asked about in the blocklist on every request", async () => {
    const revoked = new Set<string>();
    const jwt = new JwtManager({ secretKey: SECRET });
    jwt.tokenInBlocklistLoader((_header, payload) => revoked.has(payload.jti as string));
    const token = await jwt.createAccessToken("user");
    await expect(jwt.verifyRequest(requestWith(bearer(token)))).resolves.toBeDefined();
    revoked.add((await jwt.decodeToken(token)).jti as string);
    await expect(jwt.verifyRequest(requestWith(bearer(token)))).rejects.toMatchObject({
      status: 401,
    });
  });

  it("still needs the matching CSRF value with its cookie", async () => {
    const jwt = new JwtManager({ secretKey: SECRET, tokenLocation: ["cookies"] });
    const token = await jwt.createAccessToken("user");
    const csrf = (await jwt.getCsrfToken(token)) as string;
    const cookie = `access_token_cookie=${token}`;
    await expect(
      jwt.verifyRequest(requestWith({ cookie, "x-csrf-token": csrf }, "POST")),
    ).resolves.toBeDefined();
    await expect(
      jwt.verifyRequest(requestWith({ cookie, "x-csrf-token": "forged" }, "POST")),
    ).rejects.toMatchObject({ status: 401, message: "CSRF double submit tokens do not match" });
  });

  it("expires on time", async () => {
    vi.useFakeTimers({ now: new Date("2030-01-01T00:00:00Z") });
    const jwt = new JwtManager({ secretKey: SECRET });
    const token = await jwt.createAccessToken("user", { expiresDelta: 10 });
    await expect(jwt.verifyRequest(requestWith(bearer(token)))).resolves.toBeDefined();
    vi.advanceTimersByTime(11_000);
    await expect(jwt.verifyRequest(requestWith(bearer(token)))).rejects.toMatchObject({
      status: 401,
      message: "Token has expired",
    });
  });

  it("is verified afresh when keys come from a decode-key loader, whose keys may change", async () => {
    let secret = SECRET;
    const jwt = new JwtManager({ secretKey: SECRET });
    jwt.decodeKeyLoader(() => secret);
    const token = await jwt.createAccessToken("user");
    await expect(jwt.verifyRequest(requestWith(bearer(token)))).resolves.toBeDefined();
    secret = "another-secret-of-at-least-thirty-two-bytes";
    await expect(jwt.verifyRequest(requestWith(bearer(token)))).rejects.toMatchObject({
      status: 422,
    });
  });

  it("gets its own payload, whatever a handler did to the previous one", async () => {
    const jwt = new JwtManager({ secretKey: SECRET });
    const token = await jwt.createAccessToken("user");
    const first = await jwt.verifyRequest(requestWith(bearer(token)));
    (first.payload as Record<string, unknown>).sub = "someone else";
    const second = await jwt.verifyRequest(requestWith(bearer(token)));
    expect(second.identity).toBe("user");
    expect(second.payload.sub).toBe("user");
  });
});
