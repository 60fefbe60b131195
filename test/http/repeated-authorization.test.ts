import { JwtManager } from "jwt-extended";
import { beforeAll, describe, expect, it } from "vitest";
import { ADAPTERS, type GuardedApp, serveGuardedApp } from "../helpers/guarded-apps.ts";
import { send } from "../helpers/http.ts";
import { serverPool } from "../helpers/servers.ts";

const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";
const jwt = new JwtManager({ secretKey });
const TWO_CREDENTIALS = {
  msg: "Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'",
};

const servers = serverPool();

/** GET `path` with one `Authorization` line per value, as a raw node:http request. */
async function withAuthorizationLines(app: GuardedApp, path: string, values: string[]) {
  const answer = await send({
    method: "GET",
    url: `${app.url}${path}`,
    rawHeaders: values.map((value) => ["Authorization", value] as const),
  });
  return { status: answer.status, body: JSON.parse(answer.text) as unknown };
}

describe.each(ADAPTERS)("two Authorization headers on %s", (adapter) => {
  let app: GuardedApp;
  beforeAll(async () => {
    app = servers.track(await serveGuardedApp(adapter, jwt));
  });

  it("refuses two Bearer lines with the same token as one header of two credentials (401)", async () => {
    const token = await jwt.createAccessToken("alice");
    const before = app.runs.thing;
    expect(
      await withAuthorizationLines(app, "/api/thing", [`Bearer ${token}`, `Bearer ${token}`]),
    ).toEqual({ status: 401, body: TWO_CREDENTIALS });
    expect(app.runs.thing).toBe(before);
  });

  it("refuses a valid token followed by another user's token, whichever comes first", async () => {
    const alice = await jwt.createAccessToken("alice");
    const mallory = await jwt.createAccessToken("mallory");
    for (const lines of [
      [`Bearer ${alice}`, `Bearer ${mallory}`],
      [`Bearer ${mallory}`, `Bearer ${alice}`],
    ]) {
      expect(await withAuthorizationLines(app, "/api/thing", lines)).toEqual({
        status: 401,
        body: TWO_CREDENTIALS,
      });
    }
  });

  it("refuses them inside a handler that verifies the request itself", async () => {
    const token = await jwt.createAccessToken("alice");
    expect(
      await withAuthorizationLines(app, "/inline", [`Bearer ${token}`, `Bearer ${token}`]),
    ).toEqual({ status: 401, body: TWO_CREDENTIALS });
  });

  it("takes no token from them on an optional route, which runs with no identity as Flask's does", async () => {
    const token = await jwt.createAccessToken("alice");
    expect(
      await withAuthorizationLines(app, "/opt/thing", [`Bearer ${token}`, `Bearer ${token}`]),
    ).toEqual({ status: 200, body: { identity: null } });
  });

  it("reads a Basic line and a Bearer line as one header of two credentials, and takes the Bearer one", async () => {
    const token = await jwt.createAccessToken("alice");
    expect(
      await withAuthorizationLines(app, "/api/thing", [
        "Basic YWxpY2U6c2VjcmV0",
        `Bearer ${token}`,
      ]),
    ).toEqual({ status: 200, body: { identity: "alice" } });
  });
});
