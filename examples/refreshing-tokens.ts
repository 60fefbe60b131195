// Refreshing tokens: explicit refresh with rotation, and implicit refresh for cookies.
// Run with `npx tsx examples/refreshing-tokens.ts`; PORT chooses the port (default 5000).
import type { AddressInfo } from "node:net";
import express from "express";
import { JwtManager } from "jwt-extended";
import { expressJwt } from "jwt-extended/express";

const jwt = new JwtManager({
  secretKey: process.env.JWT_SECRET_KEY ?? "change-me-to-a-long-random-secret-value",
  tokenLocation: ["headers", "cookies"],
  accessTokenExpires: "15m",
  // Explicit refresh rotates: a new refresh token each time, and a reused one revokes
  // every token of its login. Without a `store`, an in-memory one is used.
  refreshRotation: true,
  refreshRotationGrace: 5, // seconds in which two tabs may refresh with the same token
  onRefreshTokenReuse: ({ family, payload }) => {
    console.warn(`refresh token reused: every token of ${payload.sub}'s login ${family} revoked`);
  },
  // Implicit refresh: a cookie that expires within 10 minutes is replaced on the way out.
  implicitRefreshWindow: "10m",
});
const {
  jwtRequired,
  getJwtIdentity,
  refresh,
  setAccessCookies,
  setRefreshCookies,
  jwtErrorHandler,
} = expressJwt(jwt);

const app = express();

app.post("/login", async (_req, res) => {
  const { accessToken, refreshToken } = await jwt.createTokenPair("alice", { fresh: true });
  res.json({ access_token: accessToken, refresh_token: refreshToken });
});

app.post("/login_with_cookies", async (_req, res) => {
  const { accessToken, refreshToken } = await jwt.createTokenPair("alice", { fresh: true });
  setAccessCookies(res, accessToken);
  setRefreshCookies(res, refreshToken);
  res.json({ msg: "login successful" });
});

// Explicit refresh: send the refresh token (Authorization header, or the refresh cookie
// with its X-CSRF-TOKEN); the new tokens come back the same way.
app.post("/refresh", jwtRequired({ refresh: true }), refresh);

app.get("/protected", jwtRequired(), (req, res) => {
  res.json({ hello: getJwtIdentity(req) });
});

// refresh() throws for a reused refresh token (401) or an unreachable store (503).
app.use(jwtErrorHandler());

const server = app.listen(Number(process.env.PORT ?? 5000), "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
