// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer } from "../helpers/bearer.ts";
import { cookieHeader } from "../helpers/cookie-jar.ts";
import { type RunningDemo, startDemo } from "../helpers/demo-server.ts";
import { type RunningPeer, startPythonPeer } from "../helpers/python-peer.ts";
import { cookiesSetBy } from "../helpers/set-cookie.ts";

const SECRET = "interop-secret-that-is-long-enough-for-hs256!";
const OTHER_SECRET = "another-secret-that-is-also-long-enough-for-hs256";
const CLAIM_ORDER = ["fresh", "iat", "jti", "type", "sub", "nbf", "csrf", "exp"];
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Json = Record<string, unknown>;
interface Answer {
  status: number;
  body: Json;
}
interface HeaderLogin {
  access: string;
  refresh: string;
}
type Cookies = Record<string, string>;

async function call(
  base: string,
  path: string,
  init: { method?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const response = await fetch(`${base}${path}`, { method: init.method ?? "GET", ...init });
  return { status: response.status, body: (await response.json()) as Json };
}

async function loginWithoutCookies(base: string): Promise<HeaderLogin> {
  const { status, body } = await call(base, "/login_without_cookies", { method: "POST" });
  expect(status).toBe(200);
  expect(body).toEqual({ access_token: expect.any(String), refresh_token: expect.any(String) });
  return { access: body.access_token as string, refresh: body.refresh_token as string };
}

async function loginWithCookies(base: string): Promise<{ cookies: Cookies; setCookie: string[] }> {
  const response = await fetch(`${base}/login_with_cookies`, { method: "POST" });
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ msg: "login successful" });
  const setCookie = response.headers.getSetCookie();
  const cookies: Cookies = cookiesSetBy(setCookie);
  expect(Object.keys(cookies).sort()).toEqual([
    "access_token_cookie",
    "csrf_access_token",
    "csrf_refresh_token",
    "refresh_token_cookie",
  ]);
  return { cookies, setCookie };
}

function segment(token: string, index: 0 | 1): Json {
  const part = token.split(".")[index];
  expect(part, `token ${token} has no segment ${index}`).toBeTypeOf("string");
  return JSON.parse(Buffer.from(part!, "base64url").toString("utf8")) as Json;
}

const claimsOf = (token: string): Json => segment(token, 1);
const headerOf = (token: string): Json => segment(token, 0);

/** The cookie's attributes (after its name=value), as a sorted list with lower-case names. */
function attributesOf(setCookie: string[], name: string): string[] {
  const line = setCookie.find((candidate) => candidate.startsWith(`${name}=`));
  expect(line, `no Set-Cookie for ${name}`).toBeDefined();
  return line!
    .split(";")
    .slice(1)
    .map((attribute) => {
      const [key, ...value] = attribute.trim().split("=");
      return [key!.toLowerCase(), ...value].join("=");
    })
    .sort();
}

function expectClaimShapes(claims: Json, type: "access" | "refresh", lifetime: number): void {
  expect(claims.type).toBe(type);
  expect(claims.sub).toBe("example_user");
  expect(claims.fresh).toBeTypeOf("boolean");
  expect(claims.jti).toMatch(UUID_V4);
  expect(claims.csrf).toMatch(UUID_V4);
  expect(Number.isInteger(claims.iat)).toBe(true);
  expect(claims.nbf).toBe(claims.iat);
  expect(claims.exp).toBe((claims.iat as number) + lifetime);
}

let peer: RunningPeer;
let ours: RunningDemo;

beforeAll(async () => {
  [peer, ours] = await Promise.all([
    startPythonPeer({ env: { JWT_SECRET_KEY: SECRET } }),
    startDemo({ env: { JWT_SECRET_KEY: SECRET } }),
  ]);
});

afterAll(async () => {
  await Promise.all([peer?.close(), ours?.close()]);
});

describe("tokens minted by the Python peer, on our demo server", () => {
  it("accepts the peer's access token in the Authorization header on /protected and /whoami, with the identity, type and freshness the peer set", async () => {
    const { access } = await loginWithoutCookies(peer.url);

    expect(await call(ours.url, "/protected", { headers: bearer(access) })).toEqual({
      status: 200,
      body: { foo: "bar" },
    });
    const whoami = await call(ours.url, "/whoami", { headers: bearer(access) });
    expect(whoami).toEqual({
      status: 200,
      body: { identity: "example_user", type: "access", fresh: true },
    });
    expect(whoami).toEqual(await call(peer.url, "/whoami", { headers: bearer(access) }));
  });

  it("reads a non-fresh access token from the peer's /refresh as not fresh", async () => {
    const { refresh } = await loginWithoutCookies(peer.url);
    const refreshed = await call(peer.url, "/refresh", {
      method: "POST",
      headers: bearer(refresh),
    });
    expect(refreshed.status).toBe(200);
    const access = refreshed.body.access_token as string;

    expect(await call(ours.url, "/whoami", { headers: bearer(access) })).toEqual({
      status: 200,
      body: { identity: "example_user", type: "access", fresh: false },
    });
  });

  it("accepts the peer's refresh token on our /refresh, and the access token it returns on our /protected", async () => {
    const { refresh } = await loginWithoutCookies(peer.url);

    const refreshed = await call(ours.url, "/refresh", {
      method: "POST",
      headers: bearer(refresh),
    });
    expect(refreshed).toEqual({ status: 200, body: { access_token: expect.any(String) } });
    const access = refreshed.body.access_token as string;
    expect(await call(ours.url, "/whoami", { headers: bearer(access) })).toEqual({
      status: 200,
      body: { identity: "example_user", type: "access", fresh: false },
    });
  });

  it("refuses the peer's access token on our /refresh with 422 Only refresh tokens are allowed", async () => {
    const { access } = await loginWithoutCookies(peer.url);

    expect(await call(ours.url, "/refresh", { method: "POST", headers: bearer(access) })).toEqual({
      status: 422,
      body: { msg: "Only refresh tokens are allowed" },
    });
  });

  it("accepts the peer's cookies on our POST /protected with the X-CSRF-TOKEN header taken from its csrf_access_token cookie", async () => {
    const { cookies } = await loginWithCookies(peer.url);

    const answer = await call(ours.url, "/protected", {
      method: "POST",
      headers: { Cookie: cookieHeader(cookies), "X-CSRF-TOKEN": cookies.csrf_access_token! },
    });
    expect(answer).toEqual({ status: 200, body: { foo: "bar" } });
  });

  it("refuses the peer's cookies on our POST /protected without the X-CSRF-TOKEN header with 401 Missing CSRF token", async () => {
    const { cookies } = await loginWithCookies(peer.url);

    const answer = await call(ours.url, "/protected", {
      method: "POST",
      headers: { Cookie: cookieHeader(cookies) },
    });
    expect(answer).toEqual({ status: 401, body: { msg: "Missing CSRF token" } });
  });

  it("accepts the peer's refresh cookie on our POST /refresh with the X-CSRF-TOKEN header taken from its csrf_refresh_token cookie", async () => {
    const { cookies } = await loginWithCookies(peer.url);

    const answer = await call(ours.url, "/refresh", {
      method: "POST",
      headers: { Cookie: cookieHeader(cookies), "X-CSRF-TOKEN": cookies.csrf_refresh_token! },
    });
    expect(answer).toEqual({ status: 200, body: { access_token: expect.any(String) } });
  });

  it("lets a fresh peer token through our /fresh and refuses a non-fresh one with 401 Fresh token required", async () => {
    const { access, refresh } = await loginWithoutCookies(peer.url);
    const refreshed = await call(peer.url, "/refresh", {
      method: "POST",
      headers: bearer(refresh),
    });
    const stale = refreshed.body.access_token as string;

    expect(await call(ours.url, "/fresh", { headers: bearer(access) })).toEqual({
      status: 200,
      body: { foo: "fresh" },
    });
    expect(await call(ours.url, "/fresh", { headers: bearer(stale) })).toEqual({
      status: 401,
      body: { msg: "Fresh token required" },
    });
  });
});

describe("tokens minted by our demo server, on the Python peer", () => {
  it("accepts our access token in the Authorization header on /protected, /whoami and /fresh", async () => {
    const { access } = await loginWithoutCookies(ours.url);

    expect(await call(peer.url, "/protected", { headers: bearer(access) })).toEqual({
      status: 200,
      body: { foo: "bar" },
    });
    expect(await call(peer.url, "/whoami", { headers: bearer(access) })).toEqual({
      status: 200,
      body: { identity: "example_user", type: "access", fresh: true },
    });
    expect(await call(peer.url, "/fresh", { headers: bearer(access) })).toEqual({
      status: 200,
      body: { foo: "fresh" },
    });
  });

  it("accepts our refresh token on the peer's /refresh and refuses our access token there with 422 Only refresh tokens are allowed", async () => {
    const { access, refresh } = await loginWithoutCookies(ours.url);

    expect(await call(peer.url, "/refresh", { method: "POST", headers: bearer(refresh) })).toEqual({
      status: 200,
      body: { access_token: expect.any(String) },
    });
    expect(await call(peer.url, "/refresh", { method: "POST", headers: bearer(access) })).toEqual({
      status: 422,
      body: { msg: "Only refresh tokens are allowed" },
    });
  });

  it("accepts our access cookie on the peer's POST /protected with the X-CSRF-TOKEN header from our csrf_access_token cookie, and refuses it without the header", async () => {
    const { cookies } = await loginWithCookies(ours.url);

    expect(
      await call(peer.url, "/protected", {
        method: "POST",
        headers: { Cookie: cookieHeader(cookies), "X-CSRF-TOKEN": cookies.csrf_access_token! },
      }),
    ).toEqual({ status: 200, body: { foo: "bar" } });
    expect(
      await call(peer.url, "/protected", {
        method: "POST",
        headers: { Cookie: cookieHeader(cookies) },
      }),
    ).toEqual({ status: 401, body: { msg: "Missing CSRF token" } });
  });

  it("accepts our refresh cookie on the peer's POST /refresh with the X-CSRF-TOKEN header from our csrf_refresh_token cookie", async () => {
    const { cookies } = await loginWithCookies(ours.url);

    expect(
      await call(peer.url, "/refresh", {
        method: "POST",
        headers: { Cookie: cookieHeader(cookies), "X-CSRF-TOKEN": cookies.csrf_refresh_token! },
      }),
    ).toEqual({ status: 200, body: { access_token: expect.any(String) } });
  });
});

describe("a token signed with a different secret", () => {
  let otherPeer: RunningPeer;
  let otherOurs: RunningDemo;

  beforeAll(async () => {
    [otherPeer, otherOurs] = await Promise.all([
      startPythonPeer({ env: { JWT_SECRET_KEY: OTHER_SECRET } }),
      startDemo({ env: { JWT_SECRET_KEY: OTHER_SECRET } }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([otherPeer?.close(), otherOurs?.close()]);
  });

  it("is refused with 422 by both our /protected and the peer's, whichever side minted it", async () => {
    const minted = [
      (await loginWithoutCookies(otherPeer.url)).access,
      (await loginWithoutCookies(otherOurs.url)).access,
    ];
    for (const token of minted) {
      for (const base of [ours.url, peer.url]) {
        const answer = await call(base, "/protected", { headers: bearer(token) });
        expect(answer.status, `${base}/protected`).toBe(422);
        expect(answer.body.msg, `${base}/protected`).toBeTypeOf("string");
      }
    }
  });
});

describe("the tokens each side mints", () => {
  it("carry the same header and the same claim names, in the contract's order, for header logins", async () => {
    const [theirs, mine] = await Promise.all([
      loginWithoutCookies(peer.url),
      loginWithoutCookies(ours.url),
    ]);

    for (const kind of ["access", "refresh"] as const) {
      expect(headerOf(mine[kind])).toEqual(headerOf(theirs[kind]));
      expect(Object.keys(claimsOf(mine[kind])).sort()).toEqual(
        Object.keys(claimsOf(theirs[kind])).sort(),
      );
      expect(Object.keys(claimsOf(theirs[kind]))).toEqual(CLAIM_ORDER);
      expect(Object.keys(claimsOf(mine[kind]))).toEqual(CLAIM_ORDER);
    }
  });

  it("carry the same claim names, in the contract's order, for cookie logins, with the csrf claim in the CSRF cookie", async () => {
    const [theirs, mine] = await Promise.all([
      loginWithCookies(peer.url),
      loginWithCookies(ours.url),
    ]);

    for (const [token, csrf] of [
      ["access_token_cookie", "csrf_access_token"],
      ["refresh_token_cookie", "csrf_refresh_token"],
    ] as const) {
      const theirClaims = claimsOf(theirs.cookies[token]!);
      const myClaims = claimsOf(mine.cookies[token]!);
      expect(Object.keys(myClaims).sort()).toEqual(Object.keys(theirClaims).sort());
      expect(Object.keys(theirClaims)).toEqual(CLAIM_ORDER);
      expect(Object.keys(myClaims)).toEqual(CLAIM_ORDER);
      expect(theirClaims.csrf).toBe(theirs.cookies[csrf]);
      expect(myClaims.csrf).toBe(mine.cookies[csrf]);
    }
  });

  it("carry claim values of the same shapes and lifetimes on both sides", async () => {
    const [theirs, mine] = await Promise.all([
      loginWithoutCookies(peer.url),
      loginWithoutCookies(ours.url),
    ]);

    for (const login of [theirs, mine]) {
      expectClaimShapes(claimsOf(login.access), "access", 15 * 60);
      expect(claimsOf(login.access).fresh).toBe(true);
      expectClaimShapes(claimsOf(login.refresh), "refresh", 30 * 24 * 60 * 60);
      expect(claimsOf(login.refresh).fresh).toBe(false);
    }
  });

  it("come with cookies of the same names and attributes from both sides' /login_with_cookies", async () => {
    const [theirs, mine] = await Promise.all([
      loginWithCookies(peer.url),
      loginWithCookies(ours.url),
    ]);

    for (const name of Object.keys(theirs.cookies)) {
      expect(attributesOf(mine.setCookie, name), name).toEqual(
        attributesOf(theirs.setCookie, name),
      );
    }
  });
});
