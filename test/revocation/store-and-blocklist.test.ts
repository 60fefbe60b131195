import { JwtManager, MemoryTokenStore, RevokedTokenError, webRequestView } from "jwt-extended";
import { describe, expect, it } from "vitest";
import { bearer } from "../helpers/bearer.ts";

const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";

const withBearer = (token: string) =>
  webRequestView(new Request("http://localhost/protected", { headers: bearer(token) }), {
    bodyLimit: 1024,
  });

const withCookie = (token: string) =>
  webRequestView(
    new Request("http://localhost/protected", {
      headers: { Cookie: `access_token_cookie=${token}` },
    }),
    { bodyLimit: 1024 },
  );

/** A manager with a store and a blocklist loader that names the tokens in `listed`. */
function managerWithBoth(listed: Set<string>) {
  const asked: string[] = [];
  const jwt = new JwtManager({
    secretKey,
    store: new MemoryTokenStore(),
    tokenLocation: ["headers", "cookies"],
    implicitRefreshWindow: 3600,
  });
  jwt.tokenInBlocklistLoader(async (_header, payload) => {
    asked.push(payload.jti);
    return listed.has(payload.jti);
  });
  return { jwt, asked };
}

describe("a manager with a store and a blocklist loader", () => {
  it("lets a token through that neither names, after asking both", async () => {
    const { jwt, asked } = managerWithBoth(new Set());
    const token = await jwt.createAccessToken("alice");
    await expect(jwt.verifyRequest(withBearer(token))).resolves.toMatchObject({
      identity: "alice",
    });
    expect(asked).toEqual([await jwt.getJti(token)]);
  });

  it("refuses a token the blocklist names though the store does not", async () => {
    const listed = new Set<string>();
    const { jwt } = managerWithBoth(listed);
    const token = await jwt.createAccessToken("alice");
    listed.add((await jwt.getJti(token)) ?? "");
    await expect(jwt.verifyRequest(withBearer(token))).rejects.toBeInstanceOf(RevokedTokenError);
  });

  it("refuses a token the store revoked without asking the blocklist", async () => {
    const { jwt, asked } = managerWithBoth(new Set());
    const token = await jwt.createAccessToken("alice");
    await jwt.revokeToken(token);
    await expect(jwt.verifyRequest(withBearer(token))).rejects.toBeInstanceOf(RevokedTokenError);
    expect(asked).toEqual([]);
  });

  it("renews after the route only while neither the store nor the blocklist names the token", async () => {
    const listed = new Set<string>();
    const { jwt } = managerWithBoth(listed);
    const token = await jwt.createAccessToken("alice");
    const context = await jwt.verifyRequest(withCookie(token), { skipRevocationCheck: true });
    const answer = { status: 200, setCookie: undefined };
    await expect(jwt.implicitRefreshCookies(context, answer)).resolves.toHaveLength(2);
    listed.add(context.payload.jti ?? "");
    await expect(jwt.implicitRefreshCookies(context, answer)).resolves.toBeNull();
    listed.clear();
    await jwt.revokeToken(token);
    await expect(jwt.implicitRefreshCookies(context, answer)).resolves.toBeNull();
  });
});
