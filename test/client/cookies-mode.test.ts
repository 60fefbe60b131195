// jwt-extended/client in cookies mode, in Node: a cookie jar stands in for the browser's
// (given as the client's `fetch` and `readCookie`), the real demo server answers, and a
// recording proxy shows what reached it. The browser itself is tested in test/e2e/client.
import { createJwtClient, type FetchFunction } from "jwt-extended/client";
import { describe, expect, it } from "vitest";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { proxiedDemo } from "../helpers/proxied-demo.ts";
import { fromNow, mintToken } from "../helpers/tokens.ts";

const served = proxiedDemo();
const { url } = served;

/** A fetch that sends the jar's cookies and keeps the ones the answers set. */
function jarFetch(jar: CookieJar): FetchFunction {
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    const cookie = jar.header();
    if (cookie) headers.set("cookie", cookie);
    const answer = await fetch(input, { ...init, headers });
    jar.update(answer.headers.getSetCookie());
    return answer;
  };
}

async function loggedInClient(options: { logoutUrl?: string } = {}) {
  const jar = new CookieJar();
  const logouts: number[] = [];
  const client = createJwtClient({
    mode: "cookies",
    refreshUrl: url("/refresh"),
    fetch: jarFetch(jar),
    readCookie: (name) => jar.get(name),
    onLogout: () => logouts.push(Date.now()),
    ...options,
  });
  expect((await client(url("/login_with_cookies"), { method: "POST" })).status).toBe(200);
  served.proxy.requests.length = 0;
  return { client, jar, logouts };
}

/** Replaces the jar's access cookies with an expired token and its CSRF value. */
function expireAccess(jar: CookieJar): string {
  const csrf = crypto.randomUUID();
  const token = mintToken({ claims: { csrf, exp: fromNow(-10) } });
  jar.update([`access_token_cookie=${token}`, `csrf_access_token=${csrf}`]);
  return csrf;
}

describe("cookies mode", () => {
  it("copies the CSRF cookie into X-CSRF-TOKEN on POST, PUT, PATCH and DELETE, not on GET", async () => {
    const { client, jar } = await loggedInClient();
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
      expect((await client(url("/protected"), { method })).status).toBe(200);
    }
    const csrf = served.proxy.requests.map((r) => [r.method, r.headers["x-csrf-token"]]);
    const value = jar.get("csrf_access_token");
    expect(value).toMatch(/^[0-9a-f-]{36}$/);
    expect(csrf).toEqual([
      ["GET", undefined],
      ["POST", value],
      ["PUT", value],
      ["PATCH", value],
      ["DELETE", value],
    ]);
  });

  it("refreshes an expired access cookie with the refresh CSRF value, then retries with the new one", async () => {
    const { client, jar, logouts } = await loggedInClient();
    const stale = expireAccess(jar);
    const answer = await client(url("/protected"), { method: "POST" });
    expect(await answer.json()).toEqual({ foo: "bar" });
    const fresh = jar.get("csrf_access_token");
    expect(fresh).not.toBe(stale);
    expect(
      served.proxy.requests.map((r) => [r.method, r.path, r.status, r.headers["x-csrf-token"]]),
    ).toEqual([
      ["POST", "/protected", 401, stale],
      ["POST", "/refresh", 200, jar.get("csrf_refresh_token")],
      ["POST", "/protected", 200, fresh],
    ]);
    expect(logouts).toEqual([]);
  });

  it("ten concurrent requests after expiry cause one refresh", async () => {
    const { client, jar } = await loggedInClient();
    expireAccess(jar);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => client(url("/protected"), { method: "DELETE" })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(served.proxy.to("POST", "/refresh")).toHaveLength(1);
  });

  it("a refused refresh ends in onLogout, once, and the request's 401", async () => {
    const { client, jar, logouts } = await loggedInClient();
    expireAccess(jar);
    jar.update(["csrf_refresh_token=not-the-claim"]);
    const answers = await Promise.all([client(url("/protected")), client(url("/whoami"))]);
    expect(answers.map((a) => a.status)).toEqual([401, 401]);
    const [refresh] = served.proxy.to("POST", "/refresh");
    expect(refresh?.status).toBe(401);
    expect(served.proxy.to("POST", "/refresh")).toHaveLength(1);
    expect(logouts).toHaveLength(1);
  });

  it("after a refused refresh, a 401 to a request sent with the same token refreshes nothing more; a new login does", async () => {
    const { client, jar, logouts } = await loggedInClient();
    expireAccess(jar);
    jar.update(["csrf_refresh_token=not-the-claim"]);
    expect((await client(url("/protected"))).status).toBe(401);
    // The refused cookies stay in the jar, as a browser keeps them: the answer to a request
    // that was still out when the session ended looks the same.
    expect((await client(url("/protected"))).status).toBe(401);
    expect(served.proxy.to("POST", "/refresh").map((r) => r.status)).toEqual([401]);
    expect(logouts).toHaveLength(1);

    expect((await client(url("/login_with_cookies"), { method: "POST" })).status).toBe(200);
    expireAccess(jar);
    expect((await client(url("/protected"))).status).toBe(200);
    expect(served.proxy.to("POST", "/refresh").map((r) => r.status)).toEqual([401, 200]);
    expect(logouts).toHaveLength(1);
  });

  it("logout() calls the logout route, whose answer removes the cookies, and onLogout", async () => {
    const { client, jar, logouts } = await loggedInClient({
      logoutUrl: url("/logout_with_cookies"),
    });
    await client.logout();
    expect(served.proxy.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      "POST /logout_with_cookies 200",
    ]);
    expect(jar.toRecord()).toEqual({});
    expect(logouts).toHaveLength(1);
    expect((await client(url("/protected"))).status).toBe(401);
    expect(served.proxy.to("POST", "/refresh")).toHaveLength(0);
  });
});
