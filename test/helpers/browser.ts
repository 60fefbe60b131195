import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

/** The system Chromium; the tests never download a browser. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** The functions one section of the document declares, as the demo page exposes them. */
export interface SectionCode {
  login(): Promise<void> | void;
  logout(): Promise<void> | void;
  makeRequestWithJWT(): Promise<unknown>;
}

export interface CookieSectionCode extends SectionCode {
  getCookie(name: string): string | undefined;
}

declare global {
  interface Window {
    /** Set by the demo page (public/app.js) once every section's code is loaded. */
    jwtLocations: {
      headers: SectionCode;
      cookies: CookieSectionCode;
      queryString: SectionCode;
      jsonBody: SectionCode;
      /** The JSON section's code with `method: 'post'` changed to `method: 'get'`. */
      jsonBodyGet: SectionCode;
    };
  }
}

/**
 * Launches the system Chromium, headless. `chromium.launch` starts it with a fresh temporary
 * user-data-dir of its own (removed again on close), so no profile state leaks in; each test then
 * takes a new context, which is an empty cookie jar and empty storage. That matters because
 * cookies are scoped by host, not by port: two demo servers on 127.0.0.1 would otherwise share
 * their cookies.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** Opens the demo page at `baseUrl` and waits until the document's code is loaded. */
export async function openDemoPage(context: BrowserContext, baseUrl: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/`);
  await page.waitForFunction(() => document.documentElement.dataset.ready !== undefined);
  const ready = await page.evaluate(() => document.documentElement.dataset.ready);
  if (ready !== "true") {
    const why = await page.locator("#loading").textContent();
    throw new Error(`the demo page did not load its code: ${why}`);
  }
  return page;
}

export interface Exchange<T> {
  /** What the page-side function returned. */
  result: T;
  /** The HTTP status the server answered. */
  status: number;
  /** The request as Chromium sent it. */
  url: URL;
  requestHeaders: Record<string, string>;
  requestBody: string | null;
}

/**
 * Runs `action` in the page and captures, from Chromium's side, the one request it makes to
 * `pathname` and the status of the answer.
 */
export async function exchange<T>(
  page: Page,
  pathname: string,
  action: () => Promise<T>,
): Promise<Exchange<T>> {
  const matches = (url: string) => new URL(url).pathname === pathname;
  const requestSeen = page.waitForRequest((request) => matches(request.url()));
  const responseSeen = page.waitForResponse((response) => matches(response.url()));
  const result = await action();
  const [request, response] = await Promise.all([requestSeen, responseSeen]);
  return {
    result,
    status: response.status(),
    url: new URL(request.url()),
    requestHeaders: await request.allHeaders(),
    requestBody: request.postData(),
  };
}

export interface CookieReport {
  /** Names of the cookies Chromium attached to the request. */
  sent: string[];
  /** Cookies Chromium held back, with its reasons. */
  blocked: { name: string; reasons: string[] }[];
}

interface AssociatedCookie {
  cookie: { name: string };
  blockedReasons: string[];
}

/**
 * Chromium's own account (DevTools protocol, `Network.requestWillBeSentExtraInfo`) of which
 * cookies it attached to, and which it withheld from, each request a page makes to `pathname`.
 * This is read-only observation: nothing about the request is changed.
 */
export async function watchCookies(
  context: BrowserContext,
  page: Page,
  pathname: string,
): Promise<{ next(): Promise<CookieReport> }> {
  const session = await context.newCDPSession(page);
  // The two events of one request may arrive in either order.
  const urls = new Map<string, string>();
  const cookiesOf = new Map<string, AssociatedCookie[]>();
  const waiting: ((report: CookieReport) => void)[] = [];
  const ready: CookieReport[] = [];
  const settle = (requestId: string) => {
    const url = urls.get(requestId);
    const cookies = cookiesOf.get(requestId);
    if (url === undefined || cookies === undefined) return;
    urls.delete(requestId);
    cookiesOf.delete(requestId);
    if (new URL(url).pathname !== pathname) return;
    const report: CookieReport = {
      sent: cookies.filter((c) => c.blockedReasons.length === 0).map((c) => c.cookie.name),
      blocked: cookies
        .filter((c) => c.blockedReasons.length > 0)
        .map((c) => ({ name: c.cookie.name, reasons: c.blockedReasons })),
    };
    const resolve = waiting.shift();
    if (resolve) resolve(report);
    else ready.push(report);
  };
  session.on("Network.requestWillBeSent", (event) => {
    urls.set(event.requestId, event.request.url);
    settle(event.requestId);
  });
  session.on("Network.requestWillBeSentExtraInfo", (event) => {
    cookiesOf.set(event.requestId, event.associatedCookies as AssociatedCookie[]);
    settle(event.requestId);
  });
  await session.send("Network.enable");
  return {
    next: () => {
      const report = ready.shift();
      if (report) return Promise.resolve(report);
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}
