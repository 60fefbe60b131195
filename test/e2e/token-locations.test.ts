// The browser code of the "JWT Locations" document, run verbatim by the demo page in a real
// Chromium against the real demo server (default configuration: every location enabled, tried
// in the order headers, cookies, json, query_string; CSRF protection on).
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { exchange, launchChromium, openDemoPage } from "../helpers/browser.ts";
import { type RunningDemo, startDemo } from "../helpers/demo-server.ts";

/** What /protected answers when no location holds a token (BEHAVIOR.md §3). */
const missingEverywhere = (jsonMessage: string) =>
  "Missing JWT in headers, cookies, json or query_string (Missing Authorization Header; " +
  `Missing cookie "access_token_cookie"; ${jsonMessage}; Missing 'jwt' query paramater)`;

const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

let browser: Browser;
let demo: RunningDemo;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [browser, demo] = await Promise.all([launchChromium(), startDemo()]);
});

afterAll(async () => {
  await Promise.all([browser?.close(), demo?.close()]);
});

beforeEach(async () => {
  context = await browser.newContext();
  page = await openDemoPage(context, demo.url);
});

afterEach(async () => {
  await context?.close();
});

const storedJwt = () => page.evaluate(() => localStorage.getItem("jwt"));

describe("Headers section", () => {
  it("login() stores the token and makeRequestWithJWT() sends it as 'Authorization: Bearer' and gets {foo: bar}", async () => {
    await page.evaluate(() => window.jwtLocations.headers.login());
    const jwt = await storedJwt();
    expect(jwt).toMatch(JWT);

    const sent = await exchange(page, "/protected", () =>
      page.evaluate(() => window.jwtLocations.headers.makeRequestWithJWT()),
    );
    expect(sent.requestHeaders.authorization).toBe(`Bearer ${jwt}`);
    expect(sent.status).toBe(200);
    expect(sent.result).toEqual({ foo: "bar" });
  });

  it("after logout() the code sends 'Bearer null', a token that cannot be decoded, so the server answers 422 (not 401)", async () => {
    await page.evaluate(() => window.jwtLocations.headers.login());
    await page.evaluate(() => window.jwtLocations.headers.logout());
    expect(await storedJwt()).toBeNull();

    const sent = await exchange(page, "/protected", () =>
      page.evaluate(() => window.jwtLocations.headers.makeRequestWithJWT()),
    );
    // The header is present and well formed, so the search stops at it (§3) and decoding the
    // token "null" fails: 422 with the engine's reason (§4.1; the wording is the engine's).
    expect(sent.requestHeaders.authorization).toBe("Bearer null");
    expect(sent.status).toBe(422);
    expect(Object.keys(sent.result as object)).toEqual(["msg"]);
    expect((sent.result as { msg: unknown }).msg).toEqual(expect.any(String));
    expect((sent.result as { msg: string }).msg).not.toMatch(/^Missing/);
  });
});

describe("Cookies section", () => {
  it("login() sets the cookies and makeRequestWithJWT() echoes the csrf cookie in X-CSRF-TOKEN and gets {foo: bar}", async () => {
    await page.evaluate(() => window.jwtLocations.cookies.login());
    const csrf = await page.evaluate(() =>
      window.jwtLocations.cookies.getCookie("csrf_access_token"),
    );
    expect(csrf).toMatch(/^[0-9a-f-]{36}$/);

    const sent = await exchange(page, "/protected", () =>
      page.evaluate(() => window.jwtLocations.cookies.makeRequestWithJWT()),
    );
    expect(sent.requestHeaders["x-csrf-token"]).toBe(csrf);
    expect(sent.status).toBe(200);
    expect(sent.result).toEqual({ foo: "bar" });
  });

  it("after logout() both cookies are gone, so the server answers 401 with every location's missing message", async () => {
    await page.evaluate(() => window.jwtLocations.cookies.login());
    await page.evaluate(() => window.jwtLocations.cookies.logout());
    expect(await context.cookies(demo.url)).toEqual([]);

    const sent = await exchange(page, "/protected", () =>
      page.evaluate(() => window.jwtLocations.cookies.makeRequestWithJWT()),
    );
    // getCookie() now returns undefined, which fetch sends as the text "undefined"; without an
    // access cookie the CSRF header is never looked at. The POST has no body, hence the json
    // location's content-type message.
    expect(sent.requestHeaders["x-csrf-token"]).toBe("undefined");
    expect(sent.status).toBe(401);
    expect(sent.result).toEqual({
      msg: missingEverywhere("Invalid content-type. Must be application/json."),
    });
  });
});

describe("Query String section", () => {
  it("login() stores the token and makeRequestWithJWT() sends it as ?jwt= and gets {foo: bar}", async () => {
    await page.evaluate(() => window.jwtLocations.queryString.login());
    const jwt = await storedJwt();
    expect(jwt).toMatch(JWT);

    const sent = await exchange(page, "/protected", () =>
      page.evaluate(() => window.jwtLocations.queryString.makeRequestWithJWT()),
    );
    expect(sent.url.searchParams.get("jwt")).toBe(jwt);
    expect(sent.status).toBe(200);
    expect(sent.result).toEqual({ foo: "bar" });
  });

  it("after logout() the code sends ?jwt=null, a token that cannot be decoded, so the server answers 422 (not 401)", async () => {
    await page.evaluate(() => window.jwtLocations.queryString.login());
    await page.evaluate(() => window.jwtLocations.queryString.logout());
    expect(await storedJwt()).toBeNull();

    const sent = await exchange(page, "/protected", () =>
      page.evaluate(() => window.jwtLocations.queryString.makeRequestWithJWT()),
    );
    // Headers, cookies and json find nothing; the query string yields the token "null", whose
    // decoding fails: 422 with the engine's reason (§4.1).
    expect(sent.url.search).toBe("?jwt=null");
    expect(sent.status).toBe(422);
    expect(Object.keys(sent.result as object)).toEqual(["msg"]);
    expect((sent.result as { msg: unknown }).msg).toEqual(expect.any(String));
    expect((sent.result as { msg: string }).msg).not.toMatch(/^Missing/);
  });
});

describe("JSON Body section", () => {
  it("login() stores the token and makeRequestWithJWT() sends it as {access_token} in a JSON body and gets {foo: bar}", async () => {
    await page.evaluate(() => window.jwtLocations.jsonBody.login());
    const jwt = await storedJwt();
    expect(jwt).toMatch(JWT);

    const sent = await exchange(page, "/protected", () =>
      page.evaluate(() => window.jwtLocations.jsonBody.makeRequestWithJWT()),
    );
    expect(sent.requestHeaders["content-type"]).toBe("application/json");
    expect(JSON.parse(sent.requestBody ?? "")).toEqual({ access_token: jwt });
    expect(sent.status).toBe(200);
    expect(sent.result).toEqual({ foo: "bar" });
  });

  it('after logout() the body is {"access_token":null}, a missing key, so the server answers 401 with every location\'s missing message', async () => {
    await page.evaluate(() => window.jwtLocations.jsonBody.login());
    await page.evaluate(() => window.jwtLocations.jsonBody.logout());
    expect(await storedJwt()).toBeNull();

    const sent = await exchange(page, "/protected", () =>
      page.evaluate(() => window.jwtLocations.jsonBody.makeRequestWithJWT()),
    );
    expect(sent.requestBody).toBe('{"access_token":null}');
    expect(sent.status).toBe(401);
    expect(sent.result).toEqual({
      msg: missingEverywhere('Missing "access_token" key in json data.'),
    });
  });

  it("the same code with method 'get' rejects with the TypeError the document warns of, before any request is sent", async () => {
    await page.evaluate(() => window.jwtLocations.jsonBody.login());
    const requests: string[] = [];
    page.on("request", (request) => requests.push(request.url()));

    const failure = await page.evaluate(() =>
      window.jwtLocations.jsonBodyGet.makeRequestWithJWT().then(
        () => null,
        (error: Error) => ({ name: error.name, message: error.message }),
      ),
    );
    // The document quotes Firefox ("HEAD or GET Request cannot have a body"); Chromium words
    // the same TypeError as "Request with GET/HEAD method cannot have body."
    expect(failure?.name).toBe("TypeError");
    expect(failure?.message).toMatch(/GET\/HEAD method cannot have body/);
    expect(requests).toEqual([]);
  });
});

describe("cookie facts, seen from the page", () => {
  it("document.cookie shows csrf_access_token but never the HttpOnly access_token_cookie", async () => {
    await page.evaluate(() => window.jwtLocations.cookies.login());

    const visible = await page.evaluate(() => document.cookie);
    expect(visible).toMatch(/(^|; )csrf_access_token=[0-9a-f-]{36}(;|$)/);
    expect(visible).not.toContain("access_token_cookie");

    // The browser does hold it: HttpOnly, next to the readable csrf cookie.
    const jar = await context.cookies(demo.url);
    expect(jar.find((c) => c.name === "access_token_cookie")?.httpOnly).toBe(true);
    expect(jar.find((c) => c.name === "csrf_access_token")?.httpOnly).toBe(false);
  });

  it("the csrf cookie holds the double-submit value that is encoded inside the HttpOnly JWT", async () => {
    await page.evaluate(() => window.jwtLocations.cookies.login());
    const jar = await context.cookies(demo.url);
    const jwt = jar.find((c) => c.name === "access_token_cookie")?.value ?? "";
    const claims = JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString());
    expect(claims.csrf).toBe(jar.find((c) => c.name === "csrf_access_token")?.value);
  });

  it("a POST to /protected that carries the cookies but no X-CSRF-TOKEN is refused: 401 Missing CSRF token", async () => {
    await page.evaluate(() => window.jwtLocations.cookies.login());

    const sent = await exchange(page, "/protected", () =>
      page.evaluate(async () => {
        const response = await fetch("/protected", { method: "post", credentials: "same-origin" });
        return response.json();
      }),
    );
    expect(sent.requestHeaders["x-csrf-token"]).toBeUndefined();
    expect(sent.status).toBe(401);
    expect(sent.result).toEqual({ msg: "Missing CSRF token" });
  });
});
