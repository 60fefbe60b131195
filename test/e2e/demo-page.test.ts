// The demo page itself, used the way a person would: clicking every button of every panel.
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, openDemoPage } from "../helpers/browser.ts";
import { type RunningDemo, startDemo } from "../helpers/demo-server.ts";

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const SCREENSHOT = root("test-results/jwt-locations-demo.png");

const PANELS = [
  { id: "panel-headers", snippet: "headers.js" },
  { id: "panel-cookies", snippet: "cookies.js" },
  { id: "panel-query-string", snippet: "query-string.js" },
  { id: "panel-json-body", snippet: "json-body.js" },
] as const;

let browser: Browser;
let demo: RunningDemo;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [browser, demo] = await Promise.all([launchChromium(), startDemo()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await openDemoPage(context, demo.url);
});

afterAll(async () => {
  await context?.close();
  await Promise.all([browser?.close(), demo?.close()]);
});

/** Clicks one action button of a panel and returns the text shown beside it once it is done. */
async function click(panelId: string, action: string, variant?: string): Promise<string> {
  const selector = variant
    ? `#${panelId} .action[data-action="${action}"][data-variant="${variant}"]`
    : `#${panelId} .action[data-action="${action}"]:not([data-variant])`;
  const row = page.locator(selector);
  const output = row.locator("output");
  const runs = Number((await output.getAttribute("data-runs")) ?? 0);
  await row.locator("button").click();
  await page.waitForSelector(`${selector} output[data-runs="${runs + 1}"]`);
  return (await output.textContent()) ?? "";
}

const state = (panelId: string) => page.locator(`#${panelId} [data-state]`).textContent();

describe("the demo page at GET /", () => {
  it("shows each section's code, byte for byte the file it runs from snippets/", async () => {
    for (const panel of PANELS) {
      const shown = await page.locator(`#${panel.id} [data-code]`).textContent();
      const file = readFileSync(root(`examples/jwt-locations/public/snippets/${panel.snippet}`));
      expect(shown).toBe(file.toString("utf8"));
    }
  });

  it("Headers panel: Login, Make request and Logout show their status and JSON, and the login state follows", async () => {
    expect(await click("panel-headers", "login")).toMatch(/^200\s*POST \/login_without_cookies/);
    expect(await state("panel-headers")).toBe("token in localStorage");
    const answer = await click("panel-headers", "makeRequestWithJWT");
    expect(answer).toMatch(/^200\s*POST \/protected/);
    expect(answer).toContain("Authorization: Bearer eyJ");
    expect(answer).toContain('"foo": "bar"');
    expect(await click("panel-headers", "logout")).toContain("Nothing sent to the server.");
    expect(await state("panel-headers")).toBe("no token in localStorage");
  });

  it("Query String panel: Login, Make request and Logout show their status and JSON, and the login state follows", async () => {
    expect(await click("panel-query-string", "login")).toMatch(/^200\s*POST \/login_without/);
    expect(await state("panel-query-string")).toBe("token in localStorage");
    const answer = await click("panel-query-string", "makeRequestWithJWT");
    expect(answer).toMatch(/^200\s*POST \/protected\?jwt=eyJ/);
    expect(answer).toContain('"foo": "bar"');
    expect(await click("panel-query-string", "logout")).toContain("Nothing sent to the server.");
    expect(await state("panel-query-string")).toBe("no token in localStorage");
  });

  it("JSON Body panel: Login, Make request, the GET variant and Logout show their outcome", async () => {
    expect(await click("panel-json-body", "login")).toMatch(/^200\s*POST \/login_without/);
    expect(await state("panel-json-body")).toBe("token in localStorage");
    const answer = await click("panel-json-body", "makeRequestWithJWT");
    expect(answer).toMatch(/^200\s*POST \/protected/);
    expect(answer).toContain('body: {"access_token":"eyJ');
    expect(answer).toContain('"foo": "bar"');
    const variant = await click("panel-json-body", "makeRequestWithJWT", "get");
    expect(variant).toMatch(/^TypeError\s*GET \/protected/);
    expect(variant).toContain("Request with GET/HEAD method cannot have body.");
    expect(await click("panel-json-body", "logout")).toContain("Nothing sent to the server.");
    expect(await state("panel-json-body")).toBe("no token in localStorage");
  });

  it("Cookies panel: Login, Make request and Logout show their status and JSON, and the csrf cookie state follows", async () => {
    expect(await click("panel-cookies", "login")).toMatch(/^200\s*POST \/login_with_cookies/);
    expect(await state("panel-cookies")).toBe("csrf cookie present");
    const answer = await click("panel-cookies", "makeRequestWithJWT");
    expect(answer).toMatch(/^200\s*POST \/protected/);
    expect(answer).toMatch(/X-CSRF-TOKEN: [0-9a-f-]{36}/);
    expect(answer).toContain('"foo": "bar"');
    const logout = await click("panel-cookies", "logout");
    expect(logout).toMatch(/^200\s*POST \/logout_with_cookies/);
    expect(logout).toContain('"msg": "logout successful"');
    expect(await state("panel-cookies")).toBe("no csrf cookie");
  });

  it("after every panel was used, a full-page screenshot is written to test-results/", async () => {
    const rows = page.locator(".action output");
    expect(await rows.count()).toBe(13);
    for (const output of await rows.all()) {
      expect(Number(await output.getAttribute("data-runs"))).toBeGreaterThanOrEqual(1);
    }
    mkdirSync(root("test-results"), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
  });
});
