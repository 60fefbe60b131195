import { H3, HTTPError, readBody } from "h3";
import { toNodeHandler } from "h3/node";
import { JwtManager } from "jwt-extended";
import { h3Jwt } from "jwt-extended/h3";
import { describe, expect, it } from "vitest";
import { bearer } from "../helpers/bearer.ts";
import { answerToFreshOnly } from "../helpers/fresh-inline.ts";
import { postFormWithAccessCookie, postJson } from "../helpers/http.ts";
import { serverPool } from "../helpers/servers.ts";
import { cookieNamesSetBy } from "../helpers/set-cookie.ts";

const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";
const jwt = new JwtManager({ secretKey, tokenLocation: ["json", "cookies"], csrfCheckForm: true });
const bound = h3Jwt(jwt);
const { jwtRequired, protect, jwtErrorHandler, verifyJwtInRequest, getJwtIdentity } = bound;

const servers = serverPool();
const serve = (app: H3) => servers.node(toNodeHandler(app));

describe("bodies on h3", () => {
  it("leaves the body to the handler: readBody() works after the json location", async () => {
    const app = new H3().post(
      "/",
      protect(async (event) => ({
        body: await readBody(event),
        identity: event.context.jwt.identity,
      })),
    );
    const sent = { access_token: await jwt.createAccessToken("alice"), note: "kept" };
    const response = await postJson(await serve(app), sent);
    expect(await response.json()).toEqual({ body: sent, identity: "alice" });
  });

  it("reads the CSRF form field and leaves the form to the handler", async () => {
    const app = new H3().post(
      "/",
      protect(async (event) => readBody(event), { locations: ["cookies"] }),
    );
    const token = await jwt.createAccessToken("alice");
    const form = { csrf_token: (await jwt.getCsrfToken(token)) ?? "", a: "1" };
    const response = await postFormWithAccessCookie(await serve(app), token, form);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(form);
  });

  // h3 keeps no copy of a body once read: the check finds none, and says so.
  it("counts a body that an earlier middleware read as absent: a 401 as JSON", async () => {
    const app = new H3()
      .use(async (event) => {
        await readBody(event);
      })
      .post("/", () => ({ ok: true }), { middleware: [jwtRequired()] });
    const response = await postJson(await serve(app), {
      access_token: await jwt.createAccessToken("alice"),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      msg: 'Missing JWT in json or cookies (Missing "access_token" key in json data.; Missing cookie "access_token_cookie")',
    });
  });

  it("refuses a body over bodyLimit with a clear 413, as JSON", async () => {
    const small = new JwtManager({ secretKey, tokenLocation: "json", bodyLimit: 64 });
    const app = new H3().post("/", () => ({ ok: true }), {
      middleware: [h3Jwt(small).jwtRequired()],
    });
    const response = await postJson(await serve(app), {
      access_token: await small.createAccessToken("alice"),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ msg: "Request body too large: the limit is 64 bytes" });
  });
});

describe("failures on h3", () => {
  const inline = async (event: Parameters<typeof verifyJwtInRequest>[0]) => {
    const { identity } = await verifyJwtInRequest(event, { fresh: true });
    return { identity, context: getJwtIdentity(event) };
  };

  it("answers verifyJwtInRequest's failures through the onError hook with the loaders' JSON", async () => {
    const base = await serve(new H3({ onError: jwtErrorHandler() }).post("/", inline));
    expect(await answerToFreshOnly(base, jwt)).toEqual({ identity: "alice", context: "alice" });
  });

  it("throws them as an HTTPError with the loaders' status and body for h3's own answer", async () => {
    let thrown: unknown;
    const app = new H3({
      onError: (error) => {
        thrown = error;
      },
    }).post("/", inline);
    const response = await postJson(await serve(app), {
      access_token: await jwt.createAccessToken("alice"),
    });
    expect(response.status).toBe(401);
    expect(thrown).toBeInstanceOf(HTTPError);
    expect(await response.json()).toMatchObject({ status: 401, msg: "Fresh token required" });
  });

  it("leaves every other error to h3's error handling", async () => {
    const app = new H3({ onError: jwtErrorHandler() }).get("/", () => {
      throw new HTTPError({ status: 418, message: "teapot" });
    });
    const response = await fetch(await serve(app));
    expect(response.status).toBe(418);
    expect(await response.json()).toMatchObject({ message: "teapot" });
  });

  // h3 sends event.res.errHeaders (where handleCors puts its headers too) with an error.
  it("keeps the error headers an earlier middleware set on the guard's refusal", async () => {
    const app = new H3()
      .use((event) => {
        event.res.errHeaders.set("x-request-id", "42");
      })
      .post("/", () => ({ ok: true }), { middleware: [jwtRequired()] });
    const response = await postJson(await serve(app), {});
    expect(response.status).toBe(401);
    expect(response.headers.get("x-request-id")).toBe("42");
    expect(await response.json()).toEqual({
      msg: 'Missing JWT in json or cookies (Missing "access_token" key in json data.; Missing cookie "access_token_cookie")',
    });
  });
});

describe("route options and cookies on h3", () => {
  it("applies a guard's options: headers only refuses a token in the JSON body", async () => {
    const headers = new JwtManager({ secretKey, tokenLocation: ["headers", "json"] });
    const { protect: guarded } = h3Jwt(headers);
    const app = new H3().post(
      "/",
      guarded((event) => ({ identity: event.context.jwt.identity }), { locations: ["headers"] }),
    );
    const base = await serve(app);
    const token = await headers.createAccessToken("alice");
    expect((await postJson(base, { access_token: token })).status).toBe(401);
    const inHeader = await fetch(base, { method: "POST", headers: bearer(token) });
    expect(await inHeader.json()).toEqual({ identity: "alice" });
  });

  it("appends the cookie writers' Set-Cookie to the event's response", async () => {
    const app = new H3()
      .post("/login", async (event) => {
        bound.setAccessCookies(event, await jwt.createAccessToken("alice"));
        return { ok: true };
      })
      .post("/out", (event) => {
        bound.unsetJwtCookies(event);
        return { ok: true };
      });
    const base = await serve(app);
    const names = ["access_token_cookie", "csrf_access_token"];
    const login = await fetch(`${base}/login`, { method: "POST" });
    expect(cookieNamesSetBy(login.headers.getSetCookie())).toEqual(names);
    const out = await fetch(`${base}/out`, { method: "POST" });
    expect(cookieNamesSetBy(out.headers.getSetCookie()).sort()).toEqual(
      [...names, "refresh_token_cookie", "csrf_refresh_token"].sort(),
    );
  });

  it("answers a refresh behind jwtRequired({ refresh: true }) with a new access token", async () => {
    const app = new H3().post("/", bound.refresh, { middleware: [jwtRequired({ refresh: true })] });
    const response = await postJson(await serve(app), {
      refresh_token: await jwt.createRefreshToken("alice"),
    });
    expect(response.status).toBe(200);
    expect(Object.keys(await response.json())).toEqual(["access_token"]);
  });
});
