/** The demo's session routes, as a browser and a second user would use them. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer } from "../helpers/bearer.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import type { RunningDemo } from "../helpers/demo-server.ts";
import { decodeUnverified, mintToken } from "../helpers/tokens.ts";

export const ENV = { JWT_REFRESH_ROTATION: "true" };
export const REVOKED = { msg: "Token has been revoked" };

export interface Login {
  access: string;
  refresh: string;
  session: string;
}

/** `POST /login_without_cookies` sent by a browser of `userAgent`. */
export async function login(demo: RunningDemo, userAgent: string): Promise<Login> {
  const res = await fetch(`${demo.url}/login_without_cookies`, {
    method: "POST",
    headers: { "User-Agent": userAgent },
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { access_token: string; refresh_token: string };
  const { access_token: access, refresh_token: refresh } = body;
  return { access, refresh, session: decodeUnverified(access).payload.fam as string };
}

export async function call(demo: RunningDemo, method: string, path: string, token?: string) {
  const res = await fetch(`${demo.url}${path}`, {
    method,
    headers: token === undefined ? {} : bearer(token),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, res };
}

interface SessionJson {
  id: string;
  current: boolean;
  created_at: string;
  last_refreshed_at: string | null;
  expires_at: string | null;
  metadata: Record<string, unknown>;
}

export const sessionsOf = async (demo: RunningDemo, token: string) => {
  const { status, body } = await call(demo, "GET", "/sessions", token);
  expect(status).toBe(200);
  return body.sessions as SessionJson[];
};

/**
 * The session routes' flows against a demo that `start` runs with `env` (which turns
 * rotation on), as a `describe` block named `name`.
 */
export function describeSessionRoutes(
  name: string,
  start: (env: Record<string, string>) => Promise<RunningDemo>,
): void {
  describe(name, () => {
    let demo: RunningDemo;
    beforeAll(async () => {
      demo = await start(ENV);
    });
    afterAll(async () => {
      await demo?.close();
    });

    it("lists the logins with their user agent, and revokes one of them", async () => {
      const phone = await login(demo, "Phone/1.0");
      const laptop = await login(demo, "Laptop/2.0");
      const sessions = await sessionsOf(demo, phone.access);
      const mine = sessions.filter((s) => [phone.session, laptop.session].includes(s.id));
      // Two logins of one millisecond may be listed in either order.
      expect(mine.map((s) => [s.metadata.userAgent, s.current]).sort()).toEqual([
        ["Laptop/2.0", false],
        ["Phone/1.0", true],
      ]);
      const own = mine.find((s) => s.current);
      expect(own?.last_refreshed_at).toBeNull();
      const exp = decodeUnverified(phone.refresh).payload.exp as number;
      expect(own?.expires_at).toBe(new Date(exp * 1000).toISOString());

      const revoked = await call(demo, "DELETE", `/sessions/${laptop.session}`, phone.access);
      expect([revoked.status, revoked.body]).toEqual([200, { msg: "session revoked" }]);
      expect(await call(demo, "GET", "/protected", laptop.access)).toMatchObject({
        status: 401,
        body: REVOKED,
      });
      expect(await call(demo, "POST", "/refresh", laptop.refresh)).toMatchObject({
        status: 401,
        body: REVOKED,
      });
      expect((await call(demo, "GET", "/protected", phone.access)).status).toBe(200);
      const left = (await sessionsOf(demo, phone.access)).map((s) => s.id);
      expect(left).toContain(phone.session);
      expect(left).not.toContain(laptop.session);
    });

    it("answers 404 for a session that is not the caller's, 401 without a token", async () => {
      const alice = await login(demo, "Phone/1.0");
      // Another identity, signed with the demo's secret: it sees none of example_user's sessions.
      const mallory = mintToken({ claims: { sub: "mallory" } });
      expect(await sessionsOf(demo, mallory)).toEqual([]);
      expect(await call(demo, "DELETE", `/sessions/${alice.session}`, mallory)).toMatchObject({
        status: 404,
        body: { msg: "Session not found" },
      });
      expect((await call(demo, "GET", "/protected", alice.access)).status).toBe(200);
      expect(await call(demo, "DELETE", "/sessions/no-such-session", alice.access)).toMatchObject({
        status: 404,
        body: { msg: "Session not found" },
      });
      expect(await call(demo, "DELETE", `/sessions/${alice.session}`)).toMatchObject({
        status: 401,
        body: { msg: expect.stringMatching(/^Missing JWT in headers/) },
      });
      expect((await call(demo, "GET", "/sessions")).status).toBe(401);
      expect((await call(demo, "DELETE", "/logout_everywhere")).status).toBe(401);
    });

    it("logs out everywhere: every earlier token refused, a new login works", async () => {
      const one = await login(demo, "Phone/1.0");
      const two = await login(demo, "Laptop/2.0");
      const refreshed = await call(demo, "POST", "/refresh", two.refresh);
      expect(refreshed.status).toBe(200);
      const { status, body } = await call(demo, "DELETE", "/logout_everywhere", one.access);
      expect([status, body]).toEqual([200, { msg: "logged out everywhere" }]);
      for (const token of [one.access, two.access, refreshed.body.access_token as string]) {
        expect(await call(demo, "GET", "/protected", token)).toMatchObject({
          status: 401,
          body: REVOKED,
        });
      }
      for (const token of [one.refresh, refreshed.body.refresh_token as string]) {
        expect(await call(demo, "POST", "/refresh", token)).toMatchObject({
          status: 401,
          body: REVOKED,
        });
      }
      const after = await login(demo, "Tablet/3.0");
      expect((await call(demo, "GET", "/protected", after.access)).status).toBe(200);
      expect((await sessionsOf(demo, after.access)).map((s) => s.id)).toEqual([after.session]);
    });

    it("unsets the cookies of a browser that logs out everywhere", async () => {
      const res = await fetch(`${demo.url}/login_with_cookies`, { method: "POST" });
      const jar = new CookieJar().update(res.headers.getSetCookie());
      const out = await fetch(`${demo.url}/logout_everywhere`, {
        method: "DELETE",
        headers: {
          Cookie: jar.header() ?? "",
          "X-CSRF-TOKEN": jar.get("csrf_access_token") ?? "",
        },
      });
      expect(out.status).toBe(200);
      jar.update(out.headers.getSetCookie());
      expect(jar.get("access_token_cookie")).toBeUndefined();
      expect(jar.get("refresh_token_cookie")).toBeUndefined();
    });
  });
}
