import express from "express";
import { JwtManager } from "jwt-extended";
import { expressJwt } from "jwt-extended/express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_FRAMEWORKS } from "../../examples/jwt-locations/server.ts";
import { bearer } from "../helpers/bearer.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { loginWithCookies } from "../helpers/demo-login.ts";
import { type RunningDemo, startDemo } from "../helpers/demo-server.ts";
import { type Listening, listen } from "../helpers/listen.ts";
import { cookiesSetBy, parseSetCookie } from "../helpers/set-cookie.ts";

const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";

const claims = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[1] as string, "base64url").toString()) as Record<
    string,
    unknown
  >;

describe.each(DEMO_FRAMEWORKS)(
  "implicit refresh on the %s demo (tokens of 10 minutes, a window of 30)",
  (framework) => {
    let demo: RunningDemo;
    beforeAll(async () => {
      demo = await startDemo({
        framework,
        env: { JWT_ACCESS_TOKEN_EXPIRES: "600", JWT_IMPLICIT_REFRESH_WINDOW: "1800" },
      });
    });
    afterAll(() => demo?.close());

    it("replaces an access cookie that expires within the window, and its CSRF cookie", async () => {
      const jar = await loginWithCookies(demo.url);
      const old = jar.get("access_token_cookie") as string;
      const res = await fetch(`${demo.url}/protected`, {
        headers: { cookie: jar.header() as string },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ foo: "bar" });
      const cookies = cookiesSetBy(res.headers.getSetCookie());
      expect(Object.keys(cookies)).toEqual(["access_token_cookie", "csrf_access_token"]);
      const fresh = cookies.access_token_cookie as string;
      expect(fresh).not.toBe(old);
      expect(claims(fresh)).toMatchObject({ type: "access", fresh: false, sub: "example_user" });
      expect(claims(fresh).csrf).toBe(cookies.csrf_access_token);

      // The browser now holds the new pair, and it works, CSRF included.
      jar.update(res.headers.getSetCookie());
      const next = await fetch(`${demo.url}/protected`, {
        method: "POST",
        headers: {
          cookie: jar.header() as string,
          "X-CSRF-TOKEN": jar.get("csrf_access_token") as string,
        },
      });
      expect(next.status).toBe(200);
    });

    it("does not refresh after the route logged out: only the unset cookies are sent", async () => {
      const jar = await loginWithCookies(demo.url);
      const res = await fetch(`${demo.url}/logout`, {
        method: "DELETE",
        headers: {
          cookie: jar.header() as string,
          "X-CSRF-TOKEN": jar.get("csrf_access_token") as string,
        },
      });
      expect(res.status).toBe(200);
      const cookies = res.headers.getSetCookie().map(parseSetCookie);
      expect(cookies.map((cookie) => cookie.name)).toEqual([
        "access_token_cookie",
        "csrf_access_token",
        "refresh_token_cookie",
        "csrf_refresh_token",
      ]);
      expect(cookies.every((cookie) => cookie.value === "")).toBe(true);
    });

    it("does not touch a request whose token came from a header", async () => {
      const login = await fetch(`${demo.url}/login_without_cookies`, { method: "POST" });
      const { access_token } = (await login.json()) as { access_token: string };
      const res = await fetch(`${demo.url}/protected`, {
        headers: bearer(access_token),
      });
      expect(res.status).toBe(200);
      expect(res.headers.getSetCookie()).toEqual([]);
    });
  },
);

describe("implicit refresh and the route's response, on Express", () => {
  let server: Listening;
  let farServer: Listening;
  beforeAll(async () => {
    const near = new JwtManager({
      secretKey,
      tokenLocation: ["cookies"],
      accessTokenExpires: 600,
      implicitRefreshWindow: "30m",
    });
    const { jwtRequired, verifyJwtInRequest } = expressJwt(near);
    const app = express();
    app.post("/login", async (_req, res) => {
      res.append("Set-Cookie", near.accessCookies(await near.createAccessToken("alice")));
      res.json({});
    });
    app.get("/ok", jwtRequired(), (_req, res) => {
      res.json({ ok: true });
    });
    app.get("/forbidden", jwtRequired(), (_req, res) => {
      res.status(403).json({ msg: "no" });
    });
    app.get("/crash", jwtRequired(), () => {
      throw new Error("boom");
    });
    app.get("/redirect", jwtRequired(), (_req, res) => {
      res.redirect("/ok");
    });
    app.get("/inside", async (req, res) => {
      await verifyJwtInRequest(req);
      res.status(204).end();
    });
    server = await listen(app);

    const far = new JwtManager({
      secretKey,
      tokenLocation: ["cookies"],
      implicitRefreshWindow: 60,
    });
    const farApp = express();
    farApp.post("/login", async (_req, res) => {
      res.append("Set-Cookie", far.accessCookies(await far.createAccessToken("alice")));
      res.json({});
    });
    farApp.get("/ok", expressJwt(far).jwtRequired(), (_req, res) => {
      res.json({ ok: true });
    });
    farServer = await listen(farApp);
  });
  afterAll(async () => {
    await Promise.all([server?.close(), farServer?.close()]);
  });

  const get = async (base: string, path: string) => {
    const jar = new CookieJar();
    jar.update((await fetch(`${base}/login`, { method: "POST" })).headers.getSetCookie());
    return fetch(`${base}${path}`, {
      headers: { cookie: jar.header() as string },
      redirect: "manual",
    });
  };

  it.each([
    ["a 403 answer", "/forbidden", 403],
    ["a route that throws (500)", "/crash", 500],
  ])("sets no cookie on %s", async (_name, path, code) => {
    const res = await get(server.url, path);
    expect(res.status).toBe(code);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it.each([
    ["a 200 answer", "/ok", 200],
    ["a redirect", "/redirect", 302],
  ])("refreshes on %s", async (_name, path, code) => {
    const res = await get(server.url, path);
    expect(res.status).toBe(code);
    expect(Object.keys(cookiesSetBy(res.headers.getSetCookie()))).toEqual([
      "access_token_cookie",
      "csrf_access_token",
    ]);
  });

  it("leaves a token alone that only verifyJwtInRequest checked: only guards renew", async () => {
    const res = await get(server.url, "/inside");
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it("leaves a token alone that expires after the window", async () => {
    const res = await get(farServer.url, "/ok");
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual([]);
  });
});
