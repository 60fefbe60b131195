/**
 * The 401 for a reused refresh token is a 401 about the token presented, like the route
 * check's: sent in the `Authorization` header, it carries the RFC 6750 challenge
 * `WWW-Authenticate: Bearer error="invalid_token"`; sent elsewhere, none.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_FRAMEWORKS } from "../../examples/jwt-locations/server.ts";
import { bearer } from "../helpers/bearer.ts";
import { loginWithoutCookies } from "../helpers/demo-login.ts";
import { type RunningDemo, startDemo } from "../helpers/demo-server.ts";

const REVOKED = { msg: "Token has been revoked" };

describe.each(DEMO_FRAMEWORKS)("a reused refresh token on the %s demo", (framework) => {
  let demo: RunningDemo;
  beforeAll(async () => {
    demo = await startDemo({
      framework,
      env: { JWT_REFRESH_ROTATION: "true", JWT_REFRESH_ROTATION_GRACE: "0" },
    });
  });
  afterAll(() => demo?.close());

  const refresh = async (init: RequestInit) => {
    const res = await fetch(`${demo.url}/refresh`, { method: "POST", ...init });
    return {
      status: res.status,
      challenge: res.headers.get("www-authenticate"),
      body: (await res.json()) as unknown,
    };
  };

  it('answers 401 with WWW-Authenticate: Bearer error="invalid_token" in the header flow', async () => {
    const token = (await loginWithoutCookies(demo.url)).refresh;
    const init = { headers: bearer(token) };
    expect((await refresh(init)).status).toBe(200);
    expect(await refresh(init)).toEqual({
      status: 401,
      challenge: 'Bearer error="invalid_token"',
      body: REVOKED,
    });
  });

  it("answers 401 without a challenge when the token came in the JSON body", async () => {
    const token = (await loginWithoutCookies(demo.url)).refresh;
    const init = {
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ refresh_token: token }),
    };
    expect((await refresh(init)).status).toBe(200);
    expect(await refresh(init)).toEqual({ status: 401, challenge: null, body: REVOKED });
  });
});
