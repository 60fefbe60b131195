// jwt-extended/client in a real Chromium, on the demo page (which serves the client as an ES
// module), against the demo server with a 2-second access token. A recording proxy in front
// of the demo counts, from the server's side, the refresh calls and the headers that came.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CLIENT_MODULE_PATH } from "../../examples/jwt-locations/client-module.ts";
import { launchChromium, openDemoPage } from "../helpers/browser.ts";
import { type RunningDemo, startDemo } from "../helpers/demo-server.ts";
import { type RecordingProxy, startRecordingProxy } from "../helpers/recording-proxy.ts";
import { decodeUnverified, fromNow, mintToken } from "../helpers/tokens.ts";

type ClientModule = typeof import("jwt-extended/client");

declare global {
  interface Window {
    /** The client module, imported by the test. */
    jwtClientModule: ClientModule;
    /** This tab's client, in cookies mode. */
    api: import("jwt-extended/client").JwtClient;
    /** How many times this tab's onLogout ran. */
    logouts: number;
    /** Lets go of the Web Lock a test holds from this tab. */
    releaseLock: () => void;
    /** Makes the token store of a headers-mode client in this tab. */
    makeStore: (module: ClientModule) => import("jwt-extended/client").ClientTokenStore;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let browser: Browser;
let demo: RunningDemo;
let proxy: RecordingProxy;
let context: BrowserContext;

beforeAll(async () => {
  [browser, demo] = await Promise.all([
    launchChromium(),
    startDemo({ env: { JWT_ACCESS_TOKEN_EXPIRES: "2" } }),
  ]);
  proxy = await startRecordingProxy(demo.url);
});

afterAll(async () => {
  await proxy?.close();
  await Promise.all([browser?.close(), demo?.close()]);
});

beforeEach(async () => {
  context = await browser.newContext();
});

afterEach(async () => {
  await context?.close();
});

/** A tab on the demo page with a cookies-mode client as window.api. */
async function openTab(): Promise<Page> {
  const page = await openDemoPage(context, proxy.url);
  await page.evaluate(`import(${JSON.stringify(CLIENT_MODULE_PATH)}).then((m) => {
    window.jwtClientModule = m;
  })`);
  await page.evaluate(() => {
    window.logouts = 0;
    window.api = window.jwtClientModule.createJwtClient({
      mode: "cookies",
      refreshUrl: "/refresh",
      logoutUrl: "/logout_with_cookies",
      onLogout: () => {
        window.logouts += 1;
      },
    });
  });
  return page;
}

const login = (page: Page) =>
  page.evaluate(() => window.api("/login_with_cookies", { method: "POST" }).then((r) => r.status));

async function cookie(name: string): Promise<string | undefined> {
  return (await context.cookies()).find((c) => c.name === name)?.value;
}

/** Waits until the access token in the browser's cookie has expired, by its own `exp`. */
async function waitPastExpiry(): Promise<void> {
  const token = await cookie("access_token_cookie");
  if (token === undefined) throw new Error("no access token cookie");
  const exp = decodeUnverified(token).payload.exp as number;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, exp * 1000 + 300 - Date.now())));
}

/** POSTs to /protected `count` times at once from `page`; resolves the statuses. */
const postAtOnce = (page: Page, count: number) =>
  page.evaluate(
    (n) =>
      Promise.all(
        Array.from({ length: n }, () =>
          window.api("/protected", { method: "POST" }).then((r) => r.status),
        ),
      ),
    count,
  );

describe("jwt-extended/client in Chromium", () => {
  it("ten parallel requests after expiry cause exactly one /refresh, and each carries the CSRF header", async () => {
    const page = await openTab();
    expect(await login(page)).toBe(200);
    await waitPastExpiry();
    proxy.requests.length = 0;

    expect(await postAtOnce(page, 10)).toEqual(Array(10).fill(200));

    const refreshes = proxy.to("POST", "/refresh");
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]?.status).toBe(200);
    expect(refreshes[0]?.headers["x-csrf-token"]).toBe(await cookie("csrf_refresh_token"));
    const posts = proxy.to("POST", "/protected");
    expect(posts).toHaveLength(20);
    for (const post of posts) expect(post.headers["x-csrf-token"]).toMatch(UUID);
    const fresh = await cookie("csrf_access_token");
    expect(posts.filter((p) => p.status === 200).map((p) => p.headers["x-csrf-token"])).toEqual(
      Array(10).fill(fresh),
    );
    expect(await page.evaluate(() => window.logouts)).toBe(0);
  });

  it("two tabs whose requests fail at once share one refresh", async () => {
    const [first, second] = [await openTab(), await openTab()];
    expect(await login(first)).toBe(200);
    await waitPastExpiry();
    proxy.requests.length = 0;

    const [a, b] = await Promise.all([postAtOnce(first, 3), postAtOnce(second, 3)]);
    expect([...a, ...b]).toEqual(Array(6).fill(200));
    expect(proxy.to("POST", "/refresh")).toHaveLength(1);
  });

  it("a failed refresh ends in onLogout, in this tab and the other, and the request's 401; no loop", async () => {
    const [first, second] = [await openTab(), await openTab()];
    expect(await login(first)).toBe(200);
    const url = new URL(proxy.url);
    await context.addCookies([
      { name: "csrf_refresh_token", value: "not-the-claim", domain: url.hostname, path: "/" },
    ]);
    await waitPastExpiry();
    proxy.requests.length = 0;

    expect(await postAtOnce(first, 4)).toEqual(Array(4).fill(401));
    expect(proxy.to("POST", "/refresh").map((r) => r.status)).toEqual([401]);
    expect(proxy.to("POST", "/protected")).toHaveLength(4);
    expect(await first.evaluate(() => window.logouts)).toBe(1);
    await second.waitForFunction(() => window.logouts === 1);
  });

  it("logout() in one tab ends the session in both; the other tab then refreshes nothing", async () => {
    const [first, second] = [await openTab(), await openTab()];
    expect(await login(first)).toBe(200);
    await waitPastExpiry();
    proxy.requests.length = 0;

    await first.evaluate(() => window.api.logout());
    await second.waitForFunction(() => window.logouts === 1);
    expect(await postAtOnce(second, 2)).toEqual([401, 401]);
    expect(proxy.to("POST", "/logout_with_cookies")).toHaveLength(1);
    expect(proxy.to("POST", "/refresh")).toHaveLength(0);
    expect(await cookie("csrf_access_token")).toBeUndefined();
  });

  it("headers mode with localStorageTokenStore: tabs share the tokens and one refresh", async () => {
    const [first, second] = [await openTab(), await openTab()];
    for (const page of [first, second]) {
      await page.evaluate(() => {
        const { createJwtClient, localStorageTokenStore } = window.jwtClientModule;
        window.api = createJwtClient({
          mode: "headers",
          refreshUrl: "/refresh",
          store: localStorageTokenStore(),
        });
      });
    }
    await first.evaluate(async () => {
      const answer = await fetch("/login_without_cookies", { method: "POST" });
      window.api.setTokens(await answer.json());
    });
    // The other tab's view of localStorage shows the write a moment later.
    const shown = await second.waitForFunction(() =>
      localStorage.getItem("jwt-extended:access_token"),
    );
    const access = (await shown.jsonValue()) as string;
    expect(access).toMatch(/^ey/);
    await new Promise((resolve) => {
      const exp = decodeUnverified(access).payload.exp as number;
      setTimeout(resolve, Math.max(0, exp * 1000 + 300 - Date.now()));
    });
    proxy.requests.length = 0;

    const [a, b] = await Promise.all([postAtOnce(first, 3), postAtOnce(second, 3)]);
    expect([...a, ...b]).toEqual(Array(6).fill(200));
    const refreshes = proxy.to("POST", "/refresh");
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]?.headers.authorization).toMatch(/^Bearer ey/);
    const renewed = await first.evaluate(() => localStorage.getItem("jwt-extended:access_token"));
    expect(renewed).not.toBe(access);
    for (const post of proxy.to("POST", "/protected").filter((p) => p.status === 200)) {
      expect(post.headers.authorization).toBe(`Bearer ${renewed}`);
    }
  });
});

describe("a tab granted the refresh lock the moment another tab's refresh ended", () => {
  // Holding the client's Web Lock until both tabs wait for it makes one tab refresh and the
  // other get the lock right after. Chromium can grant it before that tab's view of
  // localStorage (a cache in its renderer) shows what the refreshing tab wrote.
  const ROUNDS = 20;

  /** One round: both tabs POST three times at once; resolves their statuses and the refreshes. */
  async function round(holder: Page, tabs: Page[]) {
    proxy.requests.length = 0;
    await holder.evaluate(
      () =>
        new Promise<void>((held) => {
          navigator.locks.request("jwt-extended", () => {
            held();
            return new Promise<void>((release) => {
              window.releaseLock = release;
            });
          });
        }),
    );
    const posts = Promise.all(tabs.map((tab) => postAtOnce(tab, 3)));
    await holder.evaluate(async (waiting) => {
      const queued = async () =>
        (await navigator.locks.query()).pending?.filter((l) => l.name === "jwt-extended").length;
      while ((await queued()) !== waiting) await new Promise((r) => setTimeout(r, 5));
      window.releaseLock();
    }, tabs.length);
    const statuses = (await posts).flat();
    return { statuses, refreshes: proxy.to("POST", "/refresh").length };
  }

  const oneRefreshEachRound = Array(ROUNDS).fill({ statuses: Array(6).fill(200), refreshes: 1 });

  it("cookies mode: one refresh a round, and every request answered 200", async () => {
    const [first, second, holder] = [await openTab(), await openTab(), await openTab()];
    expect(await login(first)).toBe(200);
    const { hostname } = new URL(proxy.url);
    const results = [];
    for (let i = 0; i < ROUNDS; i++) {
      const csrf = crypto.randomUUID();
      const access = mintToken({ claims: { csrf, exp: fromNow(-10) } });
      await context.addCookies([
        { name: "access_token_cookie", value: access, domain: hostname, path: "/", httpOnly: true },
        { name: "csrf_access_token", value: csrf, domain: hostname, path: "/" },
      ]);
      for (const tab of [first, second]) {
        await tab.waitForFunction((v) => document.cookie.includes(`csrf_access_token=${v}`), csrf, {
          polling: 5,
        });
      }
      results.push(await round(holder, [first, second]));
    }
    expect(results).toEqual(oneRefreshEachRound);
  }, 60_000);

  /**
   * Two tabs with headers-mode clients whose store `makeStore` (the source of a function of
   * the client module) makes in each page, and a refresh token of a login.
   */
  async function headersTabs(makeStore: string): Promise<{ tabs: Page[]; refreshToken: string }> {
    const tabs = [await openTab(), await openTab()];
    const login = await fetch(`${proxy.url}/login_without_cookies`, { method: "POST" });
    const { refresh_token: refreshToken } = (await login.json()) as { refresh_token: string };
    for (const tab of tabs) {
      await tab.evaluate(`window.makeStore = ${makeStore}`);
      await tab.evaluate(() => {
        window.api = window.jwtClientModule.createJwtClient({
          mode: "headers",
          refreshUrl: "/refresh",
          store: window.makeStore(window.jwtClientModule),
        });
      });
    }
    return { tabs, refreshToken };
  }

  /** An expired access token and the refresh token, written by each tab itself (no lag). */
  async function expireAccess(tabs: Page[], refreshToken: string): Promise<void> {
    const access = mintToken({ claims: { exp: fromNow(-10) } });
    const tokens = { access_token: access, refresh_token: refreshToken };
    for (const tab of tabs) await tab.evaluate((t) => window.api.setTokens(t), tokens);
  }

  it("headers mode with localStorageTokenStore: one refresh a round, and every request answered 200", async () => {
    const { tabs, refreshToken } = await headersTabs("(m) => m.localStorageTokenStore()");
    const holder = await openTab();
    const results = [];
    for (let i = 0; i < ROUNDS; i++) {
      await expireAccess(tabs, refreshToken);
      results.push(await round(holder, tabs));
    }
    expect(results).toEqual(oneRefreshEachRound);
  }, 60_000);

  // A shared store whose view in a tab catches up with the other tab's writes 0.3 s late: the
  // tab granted the lock milliseconds after the other tab's refresh still sees the old token.
  const LAGGING_STORE = `(m) => {
    const view = new Map();
    const catchUp = (key) => setTimeout(() => view.set(key, localStorage.getItem(key)), 300);
    addEventListener("storage", (e) => catchUp(e.key));
    const key = (name) => "lagging:" + name;
    return {
      shared: true,
      get: (name) => view.get(key(name)) ?? null,
      set: (name, token) => {
        view.set(key(name), token);
        if (token === null) localStorage.removeItem(key(name));
        else localStorage.setItem(key(name), token);
      },
    };
  }`;

  it.each([
    [
      "a shared store whose view lags behind: one refresh, the other tab waits for its token",
      LAGGING_STORE,
      1,
    ],
    [
      "memoryTokenStore, one per tab: each tab refreshes its own tokens",
      "(m) => m.memoryTokenStore()",
      2,
    ],
    [
      "a store marked shared whose view never shows the other tab's token: the tab stops waiting and refreshes",
      "(m) => Object.assign(m.memoryTokenStore(), { shared: true })",
      2,
    ],
  ])("headers mode, %s", async (_, makeStore, refreshes) => {
    const { tabs, refreshToken } = await headersTabs(makeStore);
    const holder = await openTab();
    await expireAccess(tabs, refreshToken);
    expect(await round(holder, tabs)).toEqual({ statuses: Array(6).fill(200), refreshes });
    // One refresh: both tabs hold its token. Two: each its own.
    const held = await Promise.all(
      tabs.map((tab) => tab.evaluate(() => window.api.store.get("access_token"))),
    );
    expect(new Set(held).size).toBe(refreshes);
  });
});

describe("the demo page's jwt-extended/client panel", () => {
  /** Clicks one of the panel's buttons and returns the text shown beside it once done. */
  async function click(page: Page, action: string): Promise<string> {
    const row = page.locator(`#panel-client [data-client-action="${action}"]`);
    const output = row.locator("output");
    const runs = Number((await output.getAttribute("data-runs")) ?? 0);
    await row.locator("button").click();
    await page.waitForSelector(
      `#panel-client [data-client-action="${action}"] output[data-runs="${runs + 1}"]`,
    );
    return (await output.textContent()) ?? "";
  }

  it("Login, 10 requests at once after expiry and Logout show one refresh and the session's end", async () => {
    const page = await openDemoPage(context, proxy.url);
    await page.waitForSelector('#panel-client[data-ready="true"]');
    const state = page.locator("#panel-client [data-state]");
    expect(await page.locator("#panel-client [data-code]").textContent()).toContain(
      "createJwtClient({",
    );

    expect(await click(page, "login")).toMatch(/^200\s*POST \/login_with_cookies/);
    expect(await state.textContent()).toBe("csrf cookie present");
    await waitPastExpiry();
    proxy.requests.length = 0;

    const ten = await click(page, "tenRequestsAtOnce");
    expect(ten).toContain(`returned ${JSON.stringify(Array(10).fill(200))}`);
    expect(ten).toMatch(/200\s*POST \/refresh/);
    expect(ten).toMatch(/X-CSRF-TOKEN: [0-9a-f-]{36}/);
    expect(ten).toContain("/refresh calls: 1 · onLogout calls: 0");
    expect(proxy.to("POST", "/refresh")).toHaveLength(1);

    const logout = await click(page, "logout");
    expect(logout).toMatch(/^200\s*POST \/logout_with_cookies/);
    expect(logout).toContain("onLogout calls: 1");
    expect(await state.textContent()).toBe("no csrf cookie");
  });
});
