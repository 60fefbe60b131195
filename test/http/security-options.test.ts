/**
 * The security answers and options over HTTP against the demo, on every framework: the
 * RFC 6750 challenge on 401s about the Authorization header, `JWT_INVALID_TOKEN_STATUS=401`,
 * the opt-in cross-site refusal for cookie requests, and `__Host-` cookie names.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_FRAMEWORKS } from "../../examples/jwt-locations/server.ts";
import { bearer } from "../helpers/bearer.ts";
import { loginWithCookies } from "../helpers/demo-login.ts";
import { type RunningDemo, startDemo } from "../helpers/demo-server.ts";
import { forge } from "../helpers/jws.ts";
import { mintToken } from "../helpers/tokens.ts";

const forged = () =>
  forge(
    { alg: "HS256", typ: "JWT" },
    { sub: "mallory", type: "access" },
    Buffer.from("not-the-secret!"),
  );

async function send(url: string, init: RequestInit = {}) {
  const res = await fetch(url, init);
  return {
    status: res.status,
    challenge: res.headers.get("www-authenticate"),
    body: (await res.json()) as { msg?: string },
  };
}

/** The Cookie header and the access CSRF value of a cookie login on `base`. */
async function cookieSession(base: string): Promise<{ cookie: string; csrf: string }> {
  const jar = await loginWithCookies(base);
  return { cookie: jar.header() as string, csrf: jar.get("csrf_access_token") as string };
}

describe.each(DEMO_FRAMEWORKS)("the demo on %s", (framework) => {
  describe("by default", () => {
    let demo: RunningDemo;
    beforeAll(async () => {
      demo = await startDemo({ framework });
    });
    afterAll(() => demo?.close());

    it("answers a request without a token with 401 and WWW-Authenticate: Bearer", async () => {
      const reply = await send(`${demo.url}/only_headers`);
      expect(reply).toMatchObject({
        status: 401,
        challenge: "Bearer",
        body: { msg: "Missing Authorization Header" },
      });
    });

    it('answers an expired header token with 401 and error="invalid_token"', async () => {
      const expired = mintToken({ claims: { exp: Math.floor(Date.now() / 1000) - 60 } });
      const reply = await send(`${demo.url}/protected`, {
        headers: bearer(expired),
      });
      expect(reply).toMatchObject({ status: 401, challenge: 'Bearer error="invalid_token"' });
    });

    it("keeps the contract's 422 for an invalid token, without a challenge", async () => {
      const reply = await send(`${demo.url}/protected`, {
        headers: bearer(forged()),
      });
      expect(reply.status).toBe(422);
      expect(reply.challenge).toBeNull();
    });

    it("sends no challenge for a 401 about a cookie", async () => {
      const { cookie } = await cookieSession(demo.url);
      const reply = await send(`${demo.url}/protected`, {
        method: "POST",
        headers: { Cookie: cookie },
      });
      expect(reply).toMatchObject({
        status: 401,
        challenge: null,
        body: { msg: "Missing CSRF token" },
      });
    });

    it("echoes nothing of the request in the challenge", async () => {
      const reply = await send(`${demo.url}/protected`, {
        headers: { Authorization: 'Bearer x", realm="evil' },
      });
      expect([null, "Bearer", 'Bearer error="invalid_token"']).toContain(reply.challenge);
    });

    it("lets a cross-site cookie request with the right CSRF value through (the check is opt-in)", async () => {
      const { cookie, csrf } = await cookieSession(demo.url);
      const reply = await send(`${demo.url}/protected`, {
        method: "POST",
        headers: { Cookie: cookie, "X-CSRF-TOKEN": csrf, "Sec-Fetch-Site": "cross-site" },
      });
      expect(reply.status).toBe(200);
    });
  });

  describe("with JWT_INVALID_TOKEN_STATUS=401", () => {
    let demo: RunningDemo;
    beforeAll(async () => {
      demo = await startDemo({ framework, env: { JWT_INVALID_TOKEN_STATUS: "401" } });
    });
    afterAll(() => demo?.close());

    it.each([
      ["a forged token", () => `Bearer ${forged()}`],
      ["a malformed header", () => "Bearer a b"],
      [
        "a refresh token on an access route",
        () => `Bearer ${mintToken({ claims: { type: "refresh" } })}`,
      ],
    ])('answers %s with 401 and error="invalid_token"', async (_what, header) => {
      const reply = await send(`${demo.url}/protected`, { headers: { Authorization: header() } });
      expect(reply).toMatchObject({ status: 401, challenge: 'Bearer error="invalid_token"' });
      expect(reply.body.msg).toEqual(expect.any(String));
    });

    it("answers an invalid query-string token with 401 and no challenge", async () => {
      const reply = await send(`${demo.url}/protected?jwt=${forged()}`);
      expect(reply).toMatchObject({ status: 401, challenge: null });
    });
  });

  describe("with JWT_CSRF_REFUSE_CROSS_SITE=true", () => {
    let demo: RunningDemo;
    let session: { cookie: string; csrf: string };
    beforeAll(async () => {
      demo = await startDemo({ framework, env: { JWT_CSRF_REFUSE_CROSS_SITE: "true" } });
      session = await cookieSession(demo.url);
    });
    afterAll(() => demo?.close());

    const post = (headers: Record<string, string>) =>
      send(`${demo.url}/protected`, {
        method: "POST",
        headers: { Cookie: session.cookie, "X-CSRF-TOKEN": session.csrf, ...headers },
      });

    it.each([
      ["Sec-Fetch-Site: cross-site", { "Sec-Fetch-Site": "cross-site" }],
      ["an Origin of another host", { Origin: "https://evil.example" }],
      ["Origin: null", { Origin: "null" }],
      ["an unparsable Origin", { Origin: "::::" }],
    ])("refuses a cookie POST with %s", async (_what, headers) => {
      expect(await post(headers)).toMatchObject({
        status: 401,
        body: { msg: "Cross-site request refused" },
      });
    });

    it.each([
      ["Sec-Fetch-Site: same-origin", { "Sec-Fetch-Site": "same-origin" }],
      ["Sec-Fetch-Site: same-site", { "Sec-Fetch-Site": "same-site" }],
      ["Sec-Fetch-Site: none", { "Sec-Fetch-Site": "none" }],
      [
        "Sec-Fetch-Site: same-origin and a foreign Origin",
        { "Sec-Fetch-Site": "same-origin", Origin: "https://x.example" },
      ],
      ["no Fetch Metadata and no Origin", {}],
    ])("lets a cookie POST with %s through", async (_what, headers) => {
      expect((await post(headers)).status).toBe(200);
    });

    it("lets a cookie POST whose Origin is the request's own host through", async () => {
      expect((await post({ Origin: demo.url })).status).toBe(200);
    });

    it("leaves safe methods and header tokens alone", async () => {
      const get = await send(`${demo.url}/protected`, {
        headers: { Cookie: session.cookie, "Sec-Fetch-Site": "cross-site" },
      });
      expect(get.status).toBe(200);
      const header = await send(`${demo.url}/protected`, {
        method: "POST",
        headers: { Authorization: `Bearer ${mintToken()}`, "Sec-Fetch-Site": "cross-site" },
      });
      expect(header.status).toBe(200);
    });
  });

  describe("with __Host- cookie names", () => {
    const hostNames = {
      JWT_COOKIE_SECURE: "true",
      JWT_ACCESS_COOKIE_NAME: "__Host-access_token_cookie",
      JWT_ACCESS_CSRF_COOKIE_NAME: "__Host-csrf_access_token",
    };

    it("writes them Secure, Path=/ and without Domain, and reads them back", async () => {
      const demo = await startDemo({ framework, env: hostNames });
      try {
        const res = await fetch(`${demo.url}/login_with_cookies`, { method: "POST" });
        const hostCookies = res.headers.getSetCookie().filter((line) => line.startsWith("__Host-"));
        expect(hostCookies).toHaveLength(2);
        for (const line of hostCookies) {
          expect(line).toMatch(/; Path=\/(;|$)/);
          expect(line).toMatch(/; Secure/);
          expect(line).not.toMatch(/Domain=/i);
        }
        const pairs = hostCookies.map((line) => line.split(";")[0] as string);
        const csrf = pairs[1]?.split("=")[1] as string;
        const reply = await send(`${demo.url}/protected`, {
          method: "POST",
          headers: { Cookie: pairs.join("; "), "X-CSRF-TOKEN": csrf },
        });
        expect(reply.status).toBe(200);
      } finally {
        await demo.close();
      }
    });

    it.each([
      ["without Secure", { ...hostNames, JWT_COOKIE_SECURE: "false" }, /must be Secure/],
      ["with a Domain", { ...hostNames, JWT_COOKIE_DOMAIN: "example.com" }, /must have no Domain/],
      ["with another Path", { ...hostNames, JWT_ACCESS_COOKIE_PATH: "/api" }, /must have Path=\//],
    ])("refuses to start %s", async (_what, env, message) => {
      await expect(startDemo({ framework, env })).rejects.toThrow(message);
    });
  });
});
