import express from "express";
import { JwtManager, MemoryTokenStore } from "jwt-extended";
import { expressJwt } from "jwt-extended/express";
import { describe, expect, it } from "vitest";
import { bearer } from "../helpers/bearer.ts";
import { serverPool } from "../helpers/servers.ts";

const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";

const claims = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[1] as string, "base64url").toString()) as Record<
    string,
    unknown
  >;

interface Account {
  id: string;
  role: string;
}

const accounts = new Map<string, Account>([["alice", { id: "alice", role: "admin" }]]);

/** A manager whose login takes an account object, as the user-identity loader expects. */
function accountManager(options: { refreshRotation?: boolean; implicitRefreshWindow?: number }) {
  const jwt = new JwtManager<string, Account>({
    secretKey,
    tokenLocation: ["headers", "cookies"],
    store: new MemoryTokenStore(),
    ...options,
  });
  jwt.userIdentityLoader((account) => (account as Account).id);
  jwt.additionalClaimsLoader((account) => ({ role: (account as Account).role }));
  jwt.userLookupLoader((_header, payload) => accounts.get(payload.sub as string));
  return jwt;
}

const servers = serverPool();

async function serve(jwt: JwtManager<string, Account>): Promise<string> {
  const { jwtRequired, refresh, verifyJwtInRequest } = expressJwt(jwt);
  const app = express();
  app.post("/refresh", jwtRequired({ refresh: true }), async (req, res) => {
    await refresh(req, res);
  });
  app.get("/unchecked", jwtRequired({ skipRevocationCheck: true }), (_req, res) => {
    res.json({ ok: true });
  });
  app.get("/checked", jwtRequired(), (_req, res) => {
    res.json({ ok: true });
  });
  app.get("/checked-twice", jwtRequired(), async (req, res) => {
    await verifyJwtInRequest(req);
    res.json({ ok: true });
  });
  return servers.node(app);
}

describe.each([false, true])(
  "refreshing with the user-identity loader (rotation: %s)",
  (rotation) => {
    it("keeps the identity claim and the loader's claims of the login", async () => {
      const jwt = accountManager({ refreshRotation: rotation });
      const base = await serve(jwt);
      const { refreshToken } = await jwt.createTokenPair(accounts.get("alice"));
      const response = await fetch(`${base}/refresh`, {
        method: "POST",
        headers: bearer(refreshToken),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { access_token: string; refresh_token?: string };
      expect(claims(body.access_token)).toMatchObject({
        sub: "alice",
        role: "admin",
        type: "access",
      });
      const next = await fetch(`${base}/checked`, {
        headers: bearer(body.access_token),
      });
      expect(next.status).toBe(200);
      if (rotation) expect(claims(body.refresh_token as string)).toMatchObject({ sub: "alice" });
    });
  },
);

describe("implicit refresh", () => {
  const nearExpiry = async (jwt: JwtManager<string, Account>) =>
    jwt.createAccessToken(accounts.get("alice"), { expiresDelta: 60 });

  it("renews a cookie with the login's identity claim", async () => {
    const jwt = accountManager({ implicitRefreshWindow: 600 });
    const base = await serve(jwt);
    const response = await fetch(`${base}/checked`, {
      headers: { cookie: `access_token_cookie=${await nearExpiry(jwt)}` },
    });
    expect(response.status).toBe(200);
    const renewed = response.headers
      .getSetCookie()
      .find((line) => line.startsWith("access_token_cookie="));
    const token = renewed?.split(";")[0]?.slice("access_token_cookie=".length) as string;
    expect(claims(token)).toMatchObject({ sub: "alice", role: "admin" });
  });

  it("renews once on a request checked twice", async () => {
    const jwt = accountManager({ implicitRefreshWindow: 600 });
    const base = await serve(jwt);
    const response = await fetch(`${base}/checked-twice`, {
      headers: { cookie: `access_token_cookie=${await nearExpiry(jwt)}` },
    });
    expect(response.status).toBe(200);
    const renewed = response.headers
      .getSetCookie()
      .filter((line) => line.startsWith("access_token_cookie="));
    expect(renewed).toHaveLength(1);
  });

  it("never renews a revoked token, even on a route that skips the revocation check", async () => {
    const jwt = accountManager({ implicitRefreshWindow: 600 });
    const base = await serve(jwt);
    const token = await nearExpiry(jwt);
    await jwt.revokeToken(token);
    const refused = await fetch(`${base}/checked`, {
      headers: { cookie: `access_token_cookie=${token}` },
    });
    expect(refused.status).toBe(401);
    const unchecked = await fetch(`${base}/unchecked`, {
      headers: { cookie: `access_token_cookie=${token}` },
    });
    expect(unchecked.status).toBe(200);
    expect(unchecked.headers.getSetCookie()).toEqual([]);
  });
});
