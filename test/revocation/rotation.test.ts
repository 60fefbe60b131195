import express from "express";
import { JwtManager, MemoryTokenStore, type RefreshTokenReuse } from "jwt-extended";
import { expressJwt } from "jwt-extended/express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_FRAMEWORKS } from "../../examples/jwt-locations/server.ts";
import { bearer } from "../helpers/bearer.ts";
import { loginWithCookies, loginWithoutCookies } from "../helpers/demo-login.ts";
import { type RunningDemo, startDemo } from "../helpers/demo-server.ts";
import { type Listening, listen } from "../helpers/listen.ts";
import { type RedisServer, startRedisServer } from "../helpers/redis-server.ts";
import { cookieNamesSetBy } from "../helpers/set-cookie.ts";

const REVOKED = { msg: "Token has been revoked" };
let redis: RedisServer;

beforeAll(async () => {
  redis = await startRedisServer();
});

afterAll(async () => {
  await redis?.close();
});

async function refresh(on: RunningDemo, token: string) {
  const res = await fetch(`${on.url}/refresh`, { method: "POST", headers: bearer(token) });
  const body = (await res.json()) as Record<string, string>;
  return { status: res.status, body };
}

const claims = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[1] as string, "base64url").toString()) as Record<
    string,
    unknown
  >;

describe.each(DEMO_FRAMEWORKS)(
  "refresh-token rotation on the %s demo (JWT_REFRESH_ROTATION=true, Redis)",
  (framework) => {
    let demo: RunningDemo;
    // A second instance sharing the Redis, on another framework.
    let other: RunningDemo;
    beforeAll(async () => {
      const env = {
        REDIS_URL: redis.url,
        JWT_REFRESH_ROTATION: "true",
        JWT_REFRESH_ROTATION_GRACE: "0",
      };
      const second = DEMO_FRAMEWORKS.find((name) => name !== framework) ?? framework;
      [demo, other] = await Promise.all([
        startDemo({ env, framework }),
        startDemo({ env, framework: second }),
      ]);
    });
    afterAll(async () => {
      await Promise.all([demo?.close(), other?.close()]);
    });

    const status = async (path: string, token: string) =>
      (await fetch(`${demo.url}${path}`, { headers: bearer(token) })).status;

    it("answers each refresh with a new access token and a new refresh token, all of one family", async () => {
      const first = await loginWithoutCookies(demo.url);
      const family = claims(first.refresh).fam;
      expect(typeof family).toBe("string");
      expect(claims(first.access).fam).toBe(family);

      let current = first;
      for (let step = 0; step < 5; step++) {
        const { status: code, body } = await refresh(demo, current.refresh);
        expect(code).toBe(200);
        expect(Object.keys(body).sort()).toEqual(["access_token", "refresh_token"]);
        const next = { access: body.access_token as string, refresh: body.refresh_token as string };
        expect(next.refresh).not.toBe(current.refresh);
        expect(claims(next.refresh)).toMatchObject({ type: "refresh", fam: family });
        expect(claims(next.access)).toMatchObject({ type: "access", fresh: false, fam: family });
        expect(await status("/whoami", next.access)).toBe(200);
        current = next;
      }
    });

    it("revokes the whole family when a used refresh token comes back: the newest tokens stop working", async () => {
      const first = await loginWithoutCookies(demo.url);
      const second = await refresh(demo, first.refresh);
      const third = await refresh(demo, second.body.refresh_token as string);
      expect(third.status).toBe(200);
      const newest = {
        access: third.body.access_token as string,
        refresh: third.body.refresh_token as string,
      };
      expect(await status("/protected", newest.access)).toBe(200);

      // The thief replays a refresh token that was already rotated away.
      const replay = await refresh(demo, first.refresh);
      expect(replay).toEqual({ status: 401, body: REVOKED });

      expect(await status("/protected", newest.access)).toBe(401);
      expect(await status("/protected", first.access)).toBe(401);
      expect(await refresh(demo, newest.refresh)).toEqual({ status: 401, body: REVOKED });
      // The other instance agrees, and another login's tokens are untouched.
      expect((await refresh(other, newest.refresh)).status).toBe(401);
      const unrelated = await loginWithoutCookies(demo.url);
      expect(await status("/protected", unrelated.access)).toBe(200);
    });

    it("accepts a refresh token once, across two instances racing with it", async () => {
      const { refresh: token } = await loginWithoutCookies(demo.url);
      const results = await Promise.all([refresh(demo, token), refresh(other, token)]);
      const statuses = results.map((result) => result.status).sort();
      // Exactly one instance marks it used; the other sees a reuse (the grace window is 0 here).
      expect(statuses).toEqual([200, 401]);
    });

    it("rotates the refresh cookie in the cookie flow, and refuses the old cookie afterwards", async () => {
      const jar = await loginWithCookies(demo.url);
      const before = {
        cookie: jar.header() as string,
        csrf: jar.get("csrf_refresh_token") as string,
      };

      const rotated = await fetch(`${demo.url}/refresh`, {
        method: "POST",
        headers: { cookie: before.cookie, "X-CSRF-TOKEN": before.csrf },
      });
      expect(rotated.status).toBe(200);
      // The rotated refresh token travels only in its HttpOnly cookie.
      expect(Object.keys((await rotated.json()) as object)).toEqual(["access_token"]);
      const names = cookieNamesSetBy(rotated.headers.getSetCookie());
      expect(names).toEqual([
        "access_token_cookie",
        "csrf_access_token",
        "refresh_token_cookie",
        "csrf_refresh_token",
      ]);
      jar.update(rotated.headers.getSetCookie());
      expect(jar.header()).not.toBe(before.cookie);

      const replay = await fetch(`${demo.url}/refresh`, {
        method: "POST",
        headers: { cookie: before.cookie, "X-CSRF-TOKEN": before.csrf },
      });
      expect(replay.status).toBe(401);
      const now = await fetch(`${demo.url}/protected`, {
        headers: { cookie: jar.header() as string },
      });
      expect(now.status).toBe(401);
    });
  },
);

describe("rotation's grace window and reuse hook", () => {
  const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";
  const reuses: RefreshTokenReuse[] = [];
  let server: Listening;

  const appFor = (jwt: JwtManager) => {
    const app = express();
    const { jwtRequired, refresh: answer, jwtErrorHandler } = expressJwt(jwt);
    app.post("/refresh", jwtRequired({ refresh: true }), answer);
    app.get("/protected", jwtRequired(), (_req, res) => {
      res.json({ ok: true });
    });
    app.use(jwtErrorHandler());
    return app;
  };

  const withGrace = new JwtManager({
    secretKey,
    refreshRotation: true,
    refreshRotationGrace: 30,
    onRefreshTokenReuse: (event) => {
      reuses.push(event);
    },
  });
  const noGrace = new JwtManager({
    secretKey,
    store: new MemoryTokenStore(),
    refreshRotation: true,
    refreshRotationGrace: 0,
    onRefreshTokenReuse: (event) => {
      reuses.push(event);
    },
  });
  let graceUrl: string;
  let noGraceServer: Listening;

  beforeAll(async () => {
    server = await listen(appFor(withGrace));
    graceUrl = server.url;
    noGraceServer = await listen(appFor(noGrace));
  });
  afterAll(async () => {
    await Promise.all([server?.close(), noGraceServer?.close()]);
  });

  const post = (base: string, token: string) =>
    fetch(`${base}/refresh`, { method: "POST", headers: bearer(token) });

  it("serves a second refresh with the same token inside the grace window, without revoking", async () => {
    const pair = await withGrace.createTokenPair("alice");
    const [a, b] = [
      await post(graceUrl, pair.refreshToken),
      await post(graceUrl, pair.refreshToken),
    ];
    expect([a.status, b.status]).toEqual([200, 200]);
    const second = (await b.json()) as Record<string, string>;
    const check = await fetch(`${graceUrl}/protected`, {
      headers: bearer(second.access_token as string),
    });
    expect(check.status).toBe(200);
    expect(reuses).toHaveLength(0);
  });

  it("calls onRefreshTokenReuse with the family, the token and its first use", async () => {
    const pair = await noGrace.createTokenPair("bob");
    const family = (await noGrace.decodeToken(pair.refreshToken)).fam;
    expect((await post(noGraceServer.url, pair.refreshToken)).status).toBe(200);
    const replay = await post(noGraceServer.url, pair.refreshToken);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toEqual(REVOKED);
    expect(reuses).toHaveLength(1);
    expect(reuses[0]).toMatchObject({ family, payload: { sub: "bob", type: "refresh" } });
    expect(reuses[0]?.firstUsedAt).toBeLessThanOrEqual(Date.now());
  });

  it("uses an in-memory store by default when rotation is on without one", async () => {
    // withGrace was built without a store: its revocation still works.
    const pair = await withGrace.createTokenPair("carol");
    await withGrace.revokeToken(pair.accessToken, { family: true });
    const res = await fetch(`${graceUrl}/protected`, { headers: bearer(pair.accessToken) });
    expect(res.status).toBe(401);
  });
});
