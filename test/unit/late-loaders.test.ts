import {
  JwtManager,
  MemoryTokenStore,
  NoAuthorizationError,
  RevokedTokenError,
  webRequestView,
} from "jwt-extended";
import { describe, expect, it } from "vitest";
import { bearer } from "../helpers/bearer.ts";

const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";

const requestWith = (token: string) =>
  webRequestView(new Request("http://localhost/protected", { headers: bearer(token) }), {
    bodyLimit: 1024,
  });

describe("loaders registered after the manager has served calls", () => {
  it("take part in the requests verified afterwards", async () => {
    const jwt = new JwtManager({ secretKey });
    const token = await jwt.createAccessToken("alice");
    await expect(jwt.verifyRequest(requestWith(token))).resolves.toMatchObject({
      identity: "alice",
    });
    jwt.tokenInBlocklistLoader(() => true);
    await expect(jwt.verifyRequest(requestWith(token))).rejects.toBeInstanceOf(RevokedTokenError);
  });

  it("take part in the tokens created afterwards, pairs and refreshes included", async () => {
    const jwt = new JwtManager<string, unknown, { role: string }>({
      secretKey,
      refreshRotation: true,
      store: new MemoryTokenStore(),
    });
    const before = await jwt.createTokenPair("alice");
    jwt.additionalClaimsLoader(() => ({ role: "reader" }));
    const context = await jwt.verifyRequest(requestWith(before.refreshToken), { refresh: true });
    const refreshed = await jwt.refreshTokens(context);
    expect((await jwt.decodeToken(refreshed.accessToken)).role).toBe("reader");
    const after = await jwt.createTokenPair("bob");
    expect((await jwt.decodeToken(after.refreshToken)).role).toBe("reader");
  });

  it("answer the failures that happen afterwards", async () => {
    const jwt = new JwtManager({ secretKey });
    jwt.unauthorizedLoader((message) => ({ status: 401, body: { error: message } }));
    const request = webRequestView(new Request("http://localhost/protected"), { bodyLimit: 1024 });
    const error = await jwt.verifyRequest(request).catch((caught: unknown) => caught);
    if (!(error instanceof NoAuthorizationError)) throw new Error("expected a missing token");
    await expect(jwt.errorResponse(error)).resolves.toMatchObject({
      status: 401,
      body: { error: "Missing Authorization Header" },
    });
  });
});
