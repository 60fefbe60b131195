import { JwtManager } from "jwt-extended";
import { fetchJwt } from "jwt-extended/fetch";
import { describe, expect, it } from "vitest";
import { bearer } from "../helpers/bearer.ts";
import { serverPool } from "../helpers/servers.ts";

const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";
const jwt = new JwtManager({ secretKey, tokenLocation: ["headers", "json"] });
const bound = fetchJwt(jwt);

const servers = serverPool();

describe("jwtRequired(options)(handler)", () => {
  it("runs the handler only for a valid token, with the verified context", async () => {
    let ran = 0;
    const handler = bound.jwtRequired()((request, context) => {
      ran += 1;
      return Response.json({ identity: context.identity, same: bound.getJwtIdentity(request) });
    });
    const base = await servers.fetch(handler);
    const refused = await fetch(base);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({
      msg: "Missing JWT in headers or json (Missing Authorization Header; Invalid content-type. Must be application/json.)",
    });
    expect(ran).toBe(0);
    const accepted = await fetch(base, { headers: bearer(await jwt.createAccessToken("alice")) });
    expect(await accepted.json()).toEqual({ identity: "alice", same: "alice" });
  });

  it("leaves the body to the handler: request.json() works after the json location", async () => {
    const handler = bound.jwtRequired()(async (request) => Response.json(await request.json()));
    const sent = { access_token: await jwt.createAccessToken("alice"), note: "kept" };
    const response = await fetch(await servers.fetch(handler), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(sent),
    });
    expect(await response.json()).toEqual(sent);
  });

  it("passes the runtime's other arguments on to the handler", async () => {
    const handler = bound.jwtRequired()((_request, context, env: { name: string }) =>
      Response.json({ identity: context.identity, env: env.name }),
    );
    const request = new Request("http://localhost/", {
      headers: bearer(await jwt.createAccessToken("alice")),
    });
    const response = await handler(request, { name: "worker" });
    expect(await response.json()).toEqual({ identity: "alice", env: "worker" });
  });
});

describe("bodies over the limit", () => {
  it("refuses with 413, without hanging, a chunked body that turns out larger than bodyLimit", async () => {
    const small = new JwtManager({ secretKey, tokenLocation: "json", bodyLimit: 64 });
    const handler = fetchJwt(small).jwtRequired()(() => Response.json({ ok: true }));
    const text = JSON.stringify({ access_token: await small.createAccessToken("alice") });
    const response = await fetch(await servers.fetch(handler), {
      method: "POST",
      headers: { "content-type": "application/json" },
      // A stream has no Content-Length: only reading it can tell its size.
      body: new Blob([text]).stream(),
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
  });
});

describe("verifying inside a handler", () => {
  const inline = async (request: Request): Promise<Response> => {
    try {
      const { identity } = await bound.verifyJwtInRequest(request, { fresh: true });
      return Response.json({ identity });
    } catch (error) {
      return bound.jwtErrorResponse(error);
    }
  };

  it("answers a client failure with the loaders' response", async () => {
    const base = await servers.fetch(inline);
    const stale = await fetch(base, { headers: bearer(await jwt.createAccessToken("alice")) });
    expect(stale.status).toBe(401);
    expect(stale.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await stale.json()).toEqual({ msg: "Fresh token required" });
    const fresh = await fetch(base, {
      headers: bearer(await jwt.createAccessToken("alice", { fresh: true })),
    });
    expect(await fresh.json()).toEqual({ identity: "alice" });
  });

  it("rethrows errors that are not the client's", async () => {
    const error = new Error("database down");
    await expect(bound.jwtErrorResponse(error)).rejects.toBe(error);
  });

  it("refuses to read the JWT of a request no check verified", () => {
    expect(() => bound.getJwt(new Request("http://localhost/"))).toThrow(/jwtRequired/);
  });
});

describe("cookies on Response and Headers", () => {
  it("appends the Set-Cookie values to a Response and to Headers alike", async () => {
    const token = await jwt.createAccessToken("alice");
    const response = Response.json({ ok: true });
    bound.setAccessCookies(response, token);
    const headers = new Headers();
    bound.setAccessCookies(headers, token);
    bound.unsetJwtCookies(headers);
    expect(response.headers.getSetCookie()).toEqual(jwt.accessCookies(token));
    expect(headers.getSetCookie()).toEqual([...jwt.accessCookies(token), ...jwt.unsetJwtCookies()]);
  });
});
