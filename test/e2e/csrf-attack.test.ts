// A real cross-site request forgery against the demo, in a real Chromium.
//
// The victim logs in with the document's cookie code on the demo (http://127.0.0.1:<demo port>).
// While that session is live, the victim opens an attacker's page that the tests serve from a
// different origin, and that page forges two POSTs to the demo's /protected: a plain HTML form
// (which navigates the attacker's tab to the demo's answer) and a credentialed fetch in mode
// no-cors (whose answer the attacker cannot read).
//
// Where the attacker lives decides whether the browser attaches the victim's cookies at all:
//
// * The main attacker is another port of 127.0.0.1. Cookies are scoped by host, not by port, and
//   a site is scheme + host, so this page is cross-ORIGIN but SAME-SITE: Chromium attaches the
//   demo's cookies to both forged requests, whatever their SameSite attribute. This is the
//   setting in which the attack really reaches the server (in the wild: a sibling subdomain or
//   another application on the same host), so it is where the double-submit check must, and
//   does, stand alone: refused with CSRF protection, accepted without it.
//
// * A second attacker lives on 127.0.0.2, a different SITE. The demo's cookies carry no SameSite
//   attribute (the default, BEHAVIOR.md §2), which Chromium treats as Lax: it withholds them from
//   the cross-site fetch. It still attaches them to a cross-site top-level form POST while the
//   cookies are less than two minutes old (Chromium's "Lax allowing unsafe" grace period for
//   cookies without SameSite), so right after login that attack reaches the server too and again
//   only the CSRF check stops it.
//
// What the server answered is read, for the form, from the attacker's tab it navigated; for the
// no-cors fetch, Chromium blocks the JSON body from everyone (opaque response, ORB) and only its
// status is known, from Chromium's network log. Which cookies rode along is Chromium's own
// account of the request (DevTools protocol), not a guess.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type CookieReport,
  launchChromium,
  openDemoPage,
  watchCookies,
} from "../helpers/browser.ts";
import { type RunningDemo, startDemo } from "../helpers/demo-server.ts";

const ATTACK_PAGE = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>You have won a prize!</title></head>
  <body>
    <h1>Claim your prize</h1>
    <form id="forged" method="post">
      <input type="hidden" name="transfer" value="everything" />
      <button>Claim</button>
    </form>
    <script>
      const target = new URLSearchParams(location.search).get("target");
      document.getElementById("forged").action = target + "/protected";
      async function forgedFetch() {
        const response = await fetch(target + "/protected", {
          method: "POST",
          mode: "no-cors",
          credentials: "include",
        });
        return { type: response.type, status: response.status };
      }
    </script>
  </body>
</html>
`;

interface Attacker {
  origin: string;
  close(): Promise<void>;
}

async function startAttacker(host: string): Promise<Attacker> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(ATTACK_PAGE);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

interface ForgedResult {
  /** Which cookies Chromium attached to / withheld from the forged request. */
  cookies: CookieReport;
  /** The status the demo answered. */
  status: number;
}

/** The attacker's page submits its hidden form to the demo; the tab shows the demo's answer. */
async function forgeFormPost(
  context: BrowserContext,
  attacker: Attacker,
  target: string,
): Promise<ForgedResult & { tabShows: unknown; tabUrl: string }> {
  const page = await context.newPage();
  await page.goto(`${attacker.origin}/?target=${encodeURIComponent(target)}`);
  const cookies = await watchCookies(context, page, "/protected");
  const answered = page.waitForResponse(`${target}/protected`);
  await page.evaluate(() => (document.getElementById("forged") as HTMLFormElement).submit());
  const response = await answered;
  await page.waitForURL(`${target}/protected`);
  return {
    cookies: await cookies.next(),
    status: response.status(),
    tabShows: JSON.parse((await page.locator("pre").first().textContent()) ?? ""),
    tabUrl: page.url(),
  };
}

/** The attacker's page sends a credentialed no-cors fetch to the demo. */
async function forgeNoCorsFetch(
  context: BrowserContext,
  attacker: Attacker,
  target: string,
): Promise<ForgedResult & { attackerSees: { type: string; status: number } }> {
  const page = await context.newPage();
  await page.goto(`${attacker.origin}/?target=${encodeURIComponent(target)}`);
  const cookies = await watchCookies(context, page, "/protected");
  const answered = page.waitForResponse(`${target}/protected`);
  const attackerSees = await page.evaluate(() =>
    (
      window as unknown as { forgedFetch(): Promise<{ type: string; status: number }> }
    ).forgedFetch(),
  );
  const response = await answered;
  return { cookies: await cookies.next(), status: response.status(), attackerSees };
}

/** The victim logs in with the document's own cookie code. */
async function victimLogsIn(context: BrowserContext, demo: RunningDemo) {
  const page = await openDemoPage(context, demo.url);
  await page.evaluate(() => window.jwtLocations.cookies.login());
  expect((await context.cookies(demo.url)).map((c) => c.name)).toContain("access_token_cookie");
  return page;
}

let browser: Browser;
let protectedDemo: RunningDemo;
let unprotectedDemo: RunningDemo;
let sameSiteAttacker: Attacker;
let crossSiteAttacker: Attacker;
let context: BrowserContext;

beforeAll(async () => {
  [browser, protectedDemo, unprotectedDemo, sameSiteAttacker, crossSiteAttacker] =
    await Promise.all([
      launchChromium(),
      startDemo(),
      startDemo({ env: { JWT_COOKIE_CSRF_PROTECT: "false" } }),
      startAttacker("127.0.0.1"),
      startAttacker("127.0.0.2"),
    ]);
});

afterAll(async () => {
  await Promise.all([
    browser?.close(),
    protectedDemo?.close(),
    unprotectedDemo?.close(),
    sameSiteAttacker?.close(),
    crossSiteAttacker?.close(),
  ]);
});

// A fresh cookie jar per test: both demos are on 127.0.0.1 and would share cookies otherwise.
beforeEach(async () => {
  context = await browser.newContext();
});

afterEach(async () => {
  await context?.close();
});

describe("an attacker page on another port of 127.0.0.1 (cross-origin, same-site)", () => {
  it("is a different origin from the demo but the same host", () => {
    const attacker = new URL(sameSiteAttacker.origin);
    const demo = new URL(protectedDemo.url);
    expect(attacker.origin).not.toBe(demo.origin);
    expect(attacker.hostname).toBe(demo.hostname);
  });

  it("forges a form POST that carries the victim's cookies and is refused by the CSRF check: 401 Missing CSRF token", async () => {
    await victimLogsIn(context, protectedDemo);

    const forged = await forgeFormPost(context, sameSiteAttacker, protectedDemo.url);

    expect(forged.cookies.sent).toContain("access_token_cookie");
    expect(forged.cookies.blocked).toEqual([]);
    expect(forged.tabUrl).toBe(`${protectedDemo.url}/protected`);
    // "Missing CSRF token", not "Missing cookie": the server found the JWT cookie.
    expect(forged.status).toBe(401);
    expect(forged.tabShows).toEqual({ msg: "Missing CSRF token" });
  });

  it("forges a credentialed no-cors fetch that carries the victim's cookies and is refused (401), the attacker seeing only an opaque response", async () => {
    const victim = await victimLogsIn(context, protectedDemo);

    const forged = await forgeNoCorsFetch(context, sameSiteAttacker, protectedDemo.url);

    expect(forged.attackerSees).toEqual({ type: "opaque", status: 0 });
    expect(forged.cookies.sent).toContain("access_token_cookie");
    expect(forged.status).toBe(401);
    // The session itself is fine: the victim's own request, with the double-submit header, passes.
    expect(await victim.evaluate(() => window.jwtLocations.cookies.makeRequestWithJWT())).toEqual({
      foo: "bar",
    });
  });

  it("succeeds with the form POST when the demo runs with JWT_COOKIE_CSRF_PROTECT=false: {foo: bar}", async () => {
    await victimLogsIn(context, unprotectedDemo);

    const forged = await forgeFormPost(context, sameSiteAttacker, unprotectedDemo.url);

    expect(forged.cookies.sent).toContain("access_token_cookie");
    expect(forged.status).toBe(200);
    expect(forged.tabShows).toEqual({ foo: "bar" });
  });

  it("succeeds with the no-cors fetch when the demo runs with JWT_COOKIE_CSRF_PROTECT=false: 200", async () => {
    await victimLogsIn(context, unprotectedDemo);

    const forged = await forgeNoCorsFetch(context, sameSiteAttacker, unprotectedDemo.url);

    expect(forged.attackerSees).toEqual({ type: "opaque", status: 0 });
    expect(forged.cookies.sent).toContain("access_token_cookie");
    expect(forged.status).toBe(200);
  });
});

describe("an attacker page on 127.0.0.2 (cross-site)", () => {
  it("gets no cookies on its no-cors fetch: Chromium treats the SameSite-less cookies as Lax", async () => {
    await victimLogsIn(context, unprotectedDemo);

    const forged = await forgeNoCorsFetch(context, crossSiteAttacker, unprotectedDemo.url);

    expect(forged.cookies.sent).toEqual([]);
    expect(forged.cookies.blocked).toContainEqual({
      name: "access_token_cookie",
      reasons: expect.arrayContaining(["SchemefulSameSiteUnspecifiedTreatedAsLax"]),
    });
    // Even with CSRF protection off, no cookie means no token: 401.
    expect(forged.status).toBe(401);
  });

  it("still delivers the fresh cookies with a top-level form POST, which only the CSRF check refuses: 401 Missing CSRF token", async () => {
    await victimLogsIn(context, protectedDemo);

    const forged = await forgeFormPost(context, crossSiteAttacker, protectedDemo.url);

    expect(forged.cookies.sent).toContain("access_token_cookie");
    expect(forged.status).toBe(401);
    expect(forged.tabShows).toEqual({ msg: "Missing CSRF token" });
  });

  it("succeeds with that form POST when the demo runs with JWT_COOKIE_CSRF_PROTECT=false: {foo: bar}", async () => {
    await victimLogsIn(context, unprotectedDemo);

    const forged = await forgeFormPost(context, crossSiteAttacker, unprotectedDemo.url);

    expect(forged.cookies.sent).toContain("access_token_cookie");
    expect(forged.status).toBe(200);
    expect(forged.tabShows).toEqual({ foo: "bar" });
  });
});
