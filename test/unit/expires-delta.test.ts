/**
 * A negative `expiresDelta` mints a token that is already expired, as flask-jwt-extended
 * allows (its users' tests mint expired tokens that way); the token is then refused over
 * HTTP as any expired token is; a negative `fresh` duration likewise mints a stale token.
 * The configured lifetimes stay non-negative (BEHAVIOR.md §2).
 */
import { JwtManager } from "jwt-extended";
import { fetchJwt } from "jwt-extended/fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer } from "../helpers/bearer.ts";
import type { Listening } from "../helpers/listen.ts";
import { serveFetch } from "../helpers/serve-fetch.ts";
import { decodeUnverified } from "../helpers/tokens.ts";

const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";
const jwt = new JwtManager({ secretKey });
const bound = fetchJwt(jwt);

let server: Listening;
let freshServer: Listening;
beforeAll(async () => {
  server = await serveFetch(
    bound.jwtRequired()((_request, context) => Response.json({ identity: context.identity })),
  );
  freshServer = await serveFetch(
    bound.jwtRequired({ fresh: true })((_request, context) =>
      Response.json({ identity: context.identity }),
    ),
  );
});
afterAll(async () => {
  await server.close();
  await freshServer.close();
});

const call = (token: string, url = server.url) => fetch(url, { headers: bearer(token) });

describe("a negative expiresDelta", () => {
  it.each([
    ["-60 seconds", -60],
    ['"-1m"', "-1m"],
    ['"-60"', "-60"],
  ] as const)(
    "mints an access token of %s that the route refuses with 401 Token has expired",
    async (_what, expiresDelta) => {
      const token = await jwt.createAccessToken("alice", { expiresDelta });
      const { payload } = decodeUnverified(token);
      expect((payload.exp as number) - (payload.iat as number)).toBe(-60);
      const res = await call(token);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ msg: "Token has expired" });
    },
  );

  it("mints an expired refresh token too, which decodeToken refuses as expired", async () => {
    const token = await jwt.createRefreshToken("alice", { expiresDelta: -1 });
    await expect(jwt.decodeToken(token)).rejects.toMatchObject({
      status: 401,
      message: "Token has expired",
    });
    await expect(jwt.decodeToken(token, { allowExpired: true })).resolves.toMatchObject({
      sub: "alice",
      type: "refresh",
    });
  });

  it("still lets a token with a positive expiresDelta through the same route", async () => {
    const res = await call(await jwt.createAccessToken("alice", { expiresDelta: 60 }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ identity: "alice" });
  });

  it("is allowed for fresh too: the token is stale at once, and a fresh route answers 401 Fresh token required", async () => {
    const stale = await jwt.createAccessToken("alice", { fresh: -60 });
    const res = await call(stale, freshServer.url);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ msg: "Fresh token required" });
    const fresh = await jwt.createAccessToken("alice", { fresh: 60 });
    expect((await call(fresh, freshServer.url)).status).toBe(200);
  });

  it("is refused in the configured lifetimes, which the contract keeps non-negative", () => {
    expect(() => new JwtManager({ secretKey, accessTokenExpires: -60 })).toThrow(
      /accessTokenExpires: expected a non-negative number of seconds/,
    );
    expect(() => new JwtManager({ secretKey, refreshTokenExpires: "-1d" })).toThrow(
      /refreshTokenExpires: expected a non-negative number of seconds/,
    );
  });

  it("refuses a lifetime that is not a duration, naming expiresDelta", async () => {
    await expect(jwt.createAccessToken("alice", { expiresDelta: "soon" })).rejects.toThrow(
      'expiresDelta: expected a duration or false, got "soon"',
    );
  });
});
