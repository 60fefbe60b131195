// jwt-extended/client in headers mode, in Node, against the real demo server. A recording
// proxy in front of the demo shows what reached the server; expired access tokens are minted
// with the demo's secret, so nothing waits for a clock.
import { createJwtClient, type JwtClient, type JwtClientOptions } from "jwt-extended/client";
import { describe, expect, it } from "vitest";
import { loginWithoutCookies } from "../helpers/demo-login.ts";
import { proxiedDemo } from "../helpers/proxied-demo.ts";
import { fromNow, mintToken } from "../helpers/tokens.ts";

const served = proxiedDemo();
const { url } = served;
const expiredAccess = () => mintToken({ claims: { exp: fromNow(-10) } });
const refreshes = () => served.proxy.to("POST", "/refresh");

/** A headers-mode client holding a real refresh token and an expired access token. */
async function clientWithExpiredAccess(
  options: Partial<JwtClientOptions> = {},
): Promise<{ client: JwtClient; logouts: number[] }> {
  const logouts: number[] = [];
  const client = createJwtClient({
    mode: "headers",
    refreshUrl: url("/refresh"),
    onLogout: () => logouts.push(Date.now()),
    ...options,
  });
  const { refresh } = await loginWithoutCookies(served.demo.url);
  client.setTokens({ access_token: expiredAccess(), refresh_token: refresh });
  return { client, logouts };
}

describe("headers mode", () => {
  it("sends the stored access token as 'Authorization: Bearer' and nothing when none is stored", async () => {
    const client = createJwtClient({ mode: "headers", refreshUrl: url("/refresh") });
    const { access, refresh } = await loginWithoutCookies(served.demo.url);
    expect((await client(url("/only_headers"))).status).toBe(401);
    client.setTokens({ access_token: access, refresh_token: refresh });
    const answer = await client(url("/only_headers"));
    expect(await answer.json()).toEqual({ foo: "baz" });
    const [without, withToken] = served.proxy.to("GET", "/only_headers");
    expect(without?.headers.authorization).toBeUndefined();
    expect(withToken?.headers.authorization).toBe(`Bearer ${access}`);
    expect(client.store.get("access_token")).toBe(access);
  });

  it("on 'Token has expired' refreshes with the refresh token, stores the new access token and retries once", async () => {
    const { client, logouts } = await clientWithExpiredAccess();
    const stale = client.store.get("access_token");
    const answer = await client(url("/protected"), { method: "POST" });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ foo: "bar" });
    const fresh = client.store.get("access_token");
    expect(fresh).not.toBe(stale);
    expect(refreshes()).toHaveLength(1);
    expect(refreshes()[0]?.headers.authorization).toMatch(/^Bearer ey/);
    const sent = served.proxy
      .to("POST", "/protected")
      .map((r) => [r.status, r.headers.authorization]);
    expect(sent).toEqual([
      [401, `Bearer ${stale}`],
      [200, `Bearer ${fresh}`],
    ]);
    expect(logouts).toEqual([]);
  });

  it("ten concurrent requests with an expired token share one refresh", async () => {
    const { client } = await clientWithExpiredAccess();
    const answers = await Promise.all(Array.from({ length: 10 }, () => client(url("/protected"))));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(refreshes()).toHaveLength(1);
    expect(served.proxy.to("GET", "/protected")).toHaveLength(20);
  });

  it("a refused refresh calls onLogout once, forgets the tokens and answers the 401, without looping", async () => {
    const { client, logouts } = await clientWithExpiredAccess();
    client.store.set("refresh_token", mintToken({ claims: { type: "refresh", exp: fromNow(-5) } }));
    const answers = await Promise.all([client(url("/protected")), client(url("/protected"))]);
    expect(answers.map((a) => a.status)).toEqual([401, 401]);
    expect(await answers[0]?.json()).toEqual({ msg: "Token has expired" });
    expect(refreshes()).toHaveLength(1);
    expect(refreshes()[0]?.status).toBe(401);
    expect(logouts).toHaveLength(1);
    expect(client.store.get("access_token")).toBeNull();
    expect(client.store.get("refresh_token")).toBeNull();
    expect(served.proxy.to("GET", "/protected")).toHaveLength(2);
  });

  it("a 401 that is not about expiry, and a 422, are answered as they are, with no refresh", async () => {
    const client = createJwtClient({ mode: "headers", refreshUrl: url("/refresh") });
    client.setTokens({ access_token: mintToken({ claims: { exp: fromNow(-10) } }).slice(0, -4) });
    const answer = await client(url("/only_headers"));
    expect(answer.status).toBe(422);
    expect((await client(url("/fresh"))).status).toBe(422);
    client.setTokens({ access_token: mintToken() });
    const stale = await client(url("/fresh"));
    expect(stale.status).toBe(401);
    expect(await stale.json()).toEqual({ msg: "Fresh token required" });
    expect(refreshes()).toHaveLength(0);
  });

  it("logout() waits for a refresh under way, then forgets the tokens; none starts during it", async () => {
    const { client, logouts } = await clientWithExpiredAccess({
      logoutUrl: url("/logout"),
      logoutMethod: "DELETE",
    });
    const refreshed = client.refresh();
    const loggedOut = client.logout();
    expect(await client.refresh()).toBe(false);
    expect(await refreshed).toBe(true);
    await loggedOut;
    const order = served.proxy.requests.map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(order).toEqual(["POST /refresh 200", "DELETE /logout 200"]);
    expect(client.store.get("access_token")).toBeNull();
    expect(logouts).toHaveLength(1);
  });

  it("in Node, one client's logout leaves the other clients of the process alone (they are other users')", async () => {
    const first = await clientWithExpiredAccess();
    const second = await clientWithExpiredAccess();
    const secondAccess = second.client.store.get("access_token");
    await first.client.logout();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(first.logouts).toHaveLength(1);
    expect(second.logouts).toHaveLength(0);
    expect(second.client.store.get("access_token")).toBe(secondAccess);
    expect((await second.client(url("/protected"))).status).toBe(200);
  });

  it("a request whose 401 arrives during a logout is answered with it, and nothing is refreshed", async () => {
    const { client, logouts } = await clientWithExpiredAccess();
    const pending = client(url("/protected"));
    await client.logout();
    expect((await pending).status).toBe(401);
    expect(refreshes()).toHaveLength(0);
    expect(logouts).toHaveLength(1);
  });

  it("a Request with a body is cloned and sent again whole; a stream in init is sent once", async () => {
    const { client } = await clientWithExpiredAccess();
    const request = new Request(url("/whoami"), {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "kept for the retry",
    });
    const retried = await client(request);
    expect(retried.status).toBe(200);
    expect(served.proxy.to("POST", "/whoami").map((r) => r.headers["content-length"])).toEqual([
      "18",
      "18",
    ]);

    client.store.set("access_token", expiredAccess());
    const stream = new Blob(["streamed once"]).stream();
    const once = await client(url("/whoami"), {
      method: "POST",
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(once.status).toBe(401);
    expect(served.proxy.to("POST", "/whoami")).toHaveLength(3);
    expect(refreshes()).toHaveLength(2);
  });
});

describe("options that follow the server's", () => {
  const custom = proxiedDemo({
    env: { JWT_ERROR_MESSAGE_KEY: "error", JWT_HEADER_NAME: "X-Auth", JWT_HEADER_TYPE: "" },
  });

  it("errorMessageKey, headerName and headerType configure how expiry is read and tokens sent", async () => {
    const { refresh } = await loginWithoutCookies(custom.demo.url);
    const client = createJwtClient({
      mode: "headers",
      refreshUrl: custom.url("/refresh"),
      errorMessageKey: "error",
      headerName: "X-Auth",
      headerType: "",
    });
    client.setTokens({ access_token: expiredAccess(), refresh_token: refresh });
    const answer = await client(custom.url("/only_headers"));
    expect(await answer.json()).toEqual({ foo: "baz" });
    expect(custom.proxy.to("POST", "/refresh")[0]?.headers["x-auth"]).toBe(refresh);
  });

  it("with the default errorMessageKey, the server's { error } body is not taken for expiry", async () => {
    const client = createJwtClient({
      mode: "headers",
      refreshUrl: custom.url("/refresh"),
      headerName: "X-Auth",
      headerType: "",
    });
    client.setTokens({ access_token: expiredAccess() });
    const expired = await client(custom.url("/only_headers"));
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual({ error: "Token has expired" });
    expect(custom.proxy.to("POST", "/refresh")).toHaveLength(0);
  });
});
