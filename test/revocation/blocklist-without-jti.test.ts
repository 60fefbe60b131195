/**
 * A blocklist loader, like a store, decides about tokens by name: a token it cannot name
 * (no `jti`, a numeric one, an empty one) is refused with 422 before the loader is asked,
 * so the loader's `payload.jti` is always a string, as its type says.
 */
import { randomUUID } from "node:crypto";
import { JwtManager } from "jwt-extended";
import { fetchJwt } from "jwt-extended/fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer } from "../helpers/bearer.ts";
import { claims, forge } from "../helpers/jws.ts";
import type { Listening } from "../helpers/listen.ts";
import { serveFetch } from "../helpers/serve-fetch.ts";
import { DEMO_IDENTITY, DEMO_SECRET } from "../helpers/tokens.ts";

const signed = (jti: unknown): string =>
  forge({ alg: "HS256", typ: "JWT" }, claims(DEMO_IDENTITY, { jti }), DEMO_SECRET);

describe("a route guarded with a blocklist loader and no store", () => {
  const asked: unknown[] = [];
  const revoked = new Set<string>();
  let server: Listening;
  beforeAll(async () => {
    const jwt = new JwtManager({ secretKey: DEMO_SECRET });
    jwt.tokenInBlocklistLoader((_header, payload) => {
      asked.push(payload.jti);
      return revoked.has(payload.jti);
    });
    const { jwtRequired } = fetchJwt(jwt);
    server = await serveFetch(
      jwtRequired()((_request, { identity }) => Response.json({ identity })),
    );
  });
  afterAll(() => server?.close());

  const get = async (token: string) => {
    const response = await fetch(server.url, { headers: bearer(token) });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  it.each([
    { name: "without a jti", jti: undefined, msg: "Missing claim: jti" },
    { name: "with a numeric jti", jti: 42, msg: "Invalid claim: jti must be a non-empty string" },
    { name: "with an empty jti", jti: "", msg: "Invalid claim: jti must be a non-empty string" },
  ])("refuses a token $name with 422, without asking the loader", async ({ jti, msg }) => {
    asked.length = 0;
    expect(await get(signed(jti))).toEqual({ status: 422, body: { msg } });
    expect(asked).toEqual([]);
  });

  it("asks the loader with the token's jti, and refuses the token it names", async () => {
    const jti = randomUUID();
    expect(await get(signed(jti))).toEqual({ status: 200, body: { identity: DEMO_IDENTITY } });
    revoked.add(jti);
    expect(await get(signed(jti))).toEqual({
      status: 401,
      body: { msg: "Token has been revoked" },
    });
    expect(asked.slice(-2)).toEqual([jti, jti]);
  });
});
