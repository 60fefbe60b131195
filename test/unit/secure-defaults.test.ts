/**
 * Secure defaults, loudly: start-up warnings for a short HMAC secret and for cookies
 * without `Secure` in production, and `__Host-` / `__Secure-` cookie names whose rules the
 * configuration must keep.
 */
import { ConfigurationError, JwtManager } from "jwt-extended";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createDemoManager } from "../../examples/jwt-locations/config.ts";
import { DEMO_SECRET } from "../helpers/tokens.ts";

const codes = (spy: { mock: { calls: unknown[][] } }): unknown[] =>
  spy.mock.calls.map((call) => (call[1] as { code?: string } | undefined)?.code);

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe("the short-secret warning", () => {
  it.each([
    ["a 16-byte secret for HS256", "0123456789abcdef", "HS256"],
    ["a 31-byte secret for HS256", "x".repeat(31), "HS256"],
    ["a 40-byte secret for HS512", "x".repeat(40), "HS512"],
  ] as const)("warns about %s", (_what, secretKey, algorithm) => {
    const spy = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    new JwtManager({ secretKey, algorithm });
    expect(codes(spy)).toEqual(["JWT_EXTENDED_SHORT_SECRET"]);
    expect(String(spy.mock.calls[0]?.[0])).not.toContain(secretKey);
  });

  it("stays quiet for 32 bytes and more, for the demo's test secret and its development default", () => {
    const spy = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    new JwtManager({ secretKey: "x".repeat(32) });
    new JwtManager({ secretKey: DEMO_SECRET });
    const warnings: string[] = [];
    createDemoManager({}, (message) => warnings.push(message));
    expect(codes(spy)).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(/JWT_SECRET_KEY is not set/)]);
  });
});

describe("the insecure-cookie warning", () => {
  it("warns when NODE_ENV is production and cookies are not Secure", () => {
    vi.stubEnv("NODE_ENV", "production");
    const spy = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    new JwtManager({ secretKey: DEMO_SECRET, tokenLocation: ["headers", "cookies"] });
    expect(codes(spy)).toEqual(["JWT_EXTENDED_INSECURE_COOKIES"]);
  });

  it.each([
    ["in development", "development", { tokenLocation: ["cookies"] }],
    ["with cookieSecure", "production", { tokenLocation: ["cookies"], cookieSecure: true }],
    ["without cookies", "production", { tokenLocation: ["headers"] }],
  ] as const)("stays quiet %s", (_what, nodeEnv, options) => {
    vi.stubEnv("NODE_ENV", nodeEnv);
    const spy = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    new JwtManager({ secretKey: DEMO_SECRET, ...options });
    expect(codes(spy)).toEqual([]);
  });
});

describe("prefixed cookie names", () => {
  const host = { secretKey: DEMO_SECRET, cookieSecure: true, accessCookieName: "__Host-access" };

  it("accepts __Host- names that keep the rules", () => {
    expect(() => new JwtManager(host)).not.toThrow();
  });

  it.each([
    [
      "without Secure",
      { ...host, cookieSecure: false },
      /accessCookieName: a __Host- cookie must be Secure/,
    ],
    ["with a Domain", { ...host, cookieDomain: "example.com" }, /cookieDomain: a __Host- cookie/],
    [
      "with another Path",
      { ...host, accessCookiePath: "/api" },
      /accessCookiePath: a __Host- cookie must have Path=\//,
    ],
    [
      "in lower case",
      { ...host, accessCookieName: "__host-access", cookieSecure: false },
      /must be Secure/,
    ],
    [
      "for the CSRF cookie",
      { ...host, accessCookieName: "a", accessCsrfCookieName: "__Host-csrf", cookieSecure: false },
      /accessCsrfCookieName/,
    ],
    [
      "__Secure- without Secure",
      { secretKey: DEMO_SECRET, refreshCookieName: "__Secure-refresh" },
      /a __Secure- cookie must be Secure/,
    ],
  ])("refuses a __Host- or __Secure- name %s", (_what, options, message) => {
    expect(() => new JwtManager(options)).toThrow(message);
  });

  it("refuses a per-call Domain for a __Host- cookie", async () => {
    const jwt = new JwtManager({ ...host, tokenLocation: "cookies" });
    const token = await jwt.createAccessToken("alice");
    expect(() => jwt.accessCookies(token, { domain: "example.com" })).toThrow(ConfigurationError);
    expect(jwt.accessCookies(token)[0]).toMatch(/^__Host-access=.*; Path=\/; HttpOnly; Secure$/);
  });
});
