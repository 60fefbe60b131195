import express from "express";
import { JwtManager, MemoryTokenStore } from "jwt-extended";
import { expressJwt } from "jwt-extended/express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Listening, listen } from "../helpers/listen.ts";

const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";

describe.each([true, false])(
  "a logout sent by another site (csrfRefuseCrossSite: %s)",
  (refuse) => {
    const jwt = new JwtManager({
      secretKey,
      tokenLocation: ["cookies"],
      store: new MemoryTokenStore(),
      csrfRefuseCrossSite: refuse,
    });
    const { jwtRequired, logout } = expressJwt(jwt);
    let server: Listening;
    beforeAll(async () => {
      const app = express();
      app.post("/logout", async (req, res) => {
        await logout(req, res);
        res.json({ msg: "logout successful" });
      });
      app.get("/protected", jwtRequired(), (_req, res) => {
        res.json({ ok: true });
      });
      server = await listen(app);
    });
    afterAll(() => server.close());

    it(refuse ? "revokes nothing" : "revokes the cookies it is sent", async () => {
      const token = await jwt.createAccessToken("alice");
      const cookie = `access_token_cookie=${token}`;
      const forged = await fetch(`${server.url}/logout`, {
        method: "POST",
        headers: { cookie, "sec-fetch-site": "cross-site" },
      });
      expect(forged.status).toBe(200);
      const after = await fetch(`${server.url}/protected`, { headers: { cookie } });
      expect(after.status).toBe(refuse ? 200 : 401);
    });

    it("revokes the cookies of a same-site logout", async () => {
      const token = await jwt.createAccessToken("alice");
      const cookie = `access_token_cookie=${token}`;
      await fetch(`${server.url}/logout`, {
        method: "POST",
        headers: { cookie, "sec-fetch-site": "same-origin" },
      });
      const after = await fetch(`${server.url}/protected`, { headers: { cookie } });
      expect(after.status).toBe(401);
      expect(await after.json()).toEqual({ msg: "Token has been revoked" });
    });
  },
);
