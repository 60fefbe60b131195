// Revocation: logout in the cookie and the header flows, and revoking any token.
// Run with `npx tsx examples/revocation.ts` (REDIS_URL=redis://127.0.0.1:6379 to share
// revocations between several instances); PORT chooses the port (default 5000).
import type { AddressInfo } from "node:net";
import express from "express";
import { JwtManager, MemoryTokenStore, type TokenStore } from "jwt-extended";
import { expressJwt } from "jwt-extended/express";
import { RedisTokenStore } from "jwt-extended/redis";

const store: TokenStore = process.env.REDIS_URL
  ? new RedisTokenStore({ url: process.env.REDIS_URL })
  : new MemoryTokenStore();

const jwt = new JwtManager({
  secretKey: process.env.JWT_SECRET_KEY ?? "change-me-to-a-long-random-secret-value",
  tokenLocation: ["headers", "cookies"],
  store, // installs the revocation check on every jwtRequired() route
});
const { jwtRequired, getJwt, logout, setAccessCookies, setRefreshCookies, jwtErrorHandler } =
  expressJwt(jwt);

const app = express();
app.use(express.json());

// One login, one family: logging out with either token revokes both.
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

app.get("/protected", jwtRequired(), (req, res) => {
  res.json({ hello: getJwt(req).sub });
});

// Revokes the tokens the request presents (header or cookies, access and refresh) and
// their families, and unsets the cookies.
app.delete("/logout", jwtRequired(), async (req, res) => {
  await logout(req, res);
  res.json({ msg: "logout successful" });
});

// Revoking from anywhere else: here, the caller's own token only.
app.post("/revoke_this_token", jwtRequired(), async (req, res) => {
  await jwt.revokeToken(getJwt(req));
  res.json({ msg: "token revoked" });
});

// Answers the helpers' errors as JSON: 503 when the store cannot be reached.
app.use(jwtErrorHandler());

const server = app.listen(Number(process.env.PORT ?? 5000), "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
