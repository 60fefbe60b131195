/**
 * A token that cannot be named in the revocation store (no `jti`, a numeric one, an empty
 * one) could never be revoked: where a store is configured it is refused at verification
 * (422), so that no logout reports success while the token keeps working, and nothing
 * answers 500.
 */
import { randomUUID } from "node:crypto";
import { JwtDecodeError, JwtManager, type JwtPayload, MemoryTokenStore } from "jwt-extended";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_FRAMEWORKS } from "../../examples/jwt-locations/server.ts";
import { createRequestView } from "../../src/request/request-view.ts";
import { bearer } from "../helpers/bearer.ts";
import { type RunningDemo, startDemo } from "../helpers/demo-server.ts";
import { claims, forge } from "../helpers/jws.ts";
import { DEMO_IDENTITY, DEMO_SECRET } from "../helpers/tokens.ts";

const HS256 = { alg: "HS256", typ: "JWT" };
const MISSING = "Missing claim: jti";
const INVALID = "Invalid claim: jti must be a non-empty string";

/** The three kinds of unnameable token, each with the message it is refused with. */
const CASES = [
  { name: "without a jti", jti: undefined, message: MISSING },
  { name: "with a numeric jti", jti: 42, message: INVALID },
  { name: "with an empty jti", jti: "", message: INVALID },
] as const;

const signed = (extra: Record<string, unknown>, secret = DEMO_SECRET): string =>
  forge(HS256, claims(DEMO_IDENTITY, extra), secret);

describe.each(DEMO_FRAMEWORKS)("the %s demo, which revokes tokens on logout", (framework) => {
  let demo: RunningDemo;
  beforeAll(async () => {
    demo = await startDemo({ framework });
  });
  afterAll(() => demo?.close());

  const call = async (method: string, path: string, headers: Record<string, string>) => {
    const res = await fetch(`${demo.url}${path}`, { method, headers });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  describe.each(CASES)("given a signed token $name", ({ jti, message }) => {
    const token = signed({ jti });

    it("refuses it on a protected route with 422 and a clear message", async () => {
      expect(await call("GET", "/protected", bearer(token))).toEqual({
        status: 422,
        body: { msg: message },
      });
    });

    it("refuses DELETE /logout with it rather than reporting a logout", async () => {
      expect(await call("DELETE", "/logout", bearer(token))).toEqual({
        status: 422,
        body: { msg: message },
      });
      expect((await call("GET", "/protected", bearer(token))).status).toBe(422);
    });

    it("unsets the cookies on POST /logout_with_cookies, and the token stays refused", async () => {
      const cookie = { cookie: `access_token_cookie=${token}` };
      const loggedOut = await call("POST", "/logout_with_cookies", cookie);
      expect(loggedOut).toEqual({ status: 200, body: { msg: "logout successful" } });
      expect((await call("GET", "/protected", cookie)).status).toBe(422);
    });
  });

  it("still logs out a token with a jti: 200, then 401 Token has been revoked", async () => {
    const token = signed({ jti: randomUUID() });
    expect(await call("DELETE", "/logout", bearer(token))).toEqual({
      status: 200,
      body: { msg: "logout successful" },
    });
    expect(await call("GET", "/protected", bearer(token))).toEqual({
      status: 401,
      body: { msg: "Token has been revoked" },
    });
  });
});

describe("revokeToken given a token it cannot name", () => {
  const secretKey = DEMO_SECRET;
  const jwt = new JwtManager({ secretKey, store: new MemoryTokenStore() });
  const payloadWith = (jti: unknown, fam = randomUUID()): JwtPayload => ({
    ...claims(DEMO_IDENTITY, { fam }),
    jti: jti as string | null,
    type: "access",
    fresh: false,
  });

  it.each(CASES)(
    "throws a 422 JwtDecodeError for a payload $name, never a TypeError",
    async ({ jti, message }) => {
      const attempt = jwt.revokeToken(payloadWith(jti));
      await expect(attempt).rejects.toBeInstanceOf(JwtDecodeError);
      await expect(attempt).rejects.toMatchObject({ code: "DECODE", status: 422, message });
    },
  );

  it.each(CASES)(
    "throws a 422 JwtDecodeError for an encoded token $name",
    async ({ jti, message }) => {
      await expect(jwt.revokeToken(signed({ jti }))).rejects.toMatchObject({
        code: "DECODE",
        status: 422,
        message,
      });
    },
  );

  it("revokes nothing of the family when the token itself cannot be named", async () => {
    const family = randomUUID();
    const sibling = signed({ jti: randomUUID(), fam: family });
    await expect(jwt.revokeToken(payloadWith(undefined, family), { family: true })).rejects.toThrow(
      MISSING,
    );
    const view = createRequestView({
      method: "GET",
      url: "/protected",
      header: (name) => (name.toLowerCase() === "authorization" ? `Bearer ${sibling}` : undefined),
      body: async () => undefined,
    });
    // The family's other token still passes the revocation check.
    await expect(jwt.verifyRequest(view)).resolves.toMatchObject({ identity: DEMO_IDENTITY });
  });
});

describe("a manager without a store", () => {
  it("accepts a token without a jti, reading it as null (the contract's default)", async () => {
    const jwt = new JwtManager({ secretKey: DEMO_SECRET });
    await expect(jwt.decodeToken(signed({ jti: undefined }))).resolves.toMatchObject({
      jti: null,
      sub: DEMO_IDENTITY,
    });
  });
});
