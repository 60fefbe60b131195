import type { JwtManager } from "jwt-extended";
import { expect } from "vitest";
import { postJson } from "./http.ts";

/**
 * Checks an app whose `POST /` verifies a fresh access token inline, behind the adapter's
 * error handler: a token that is not fresh gets the loaders' 401 as JSON, a fresh one gets
 * through. Resolves to the route's JSON answer for the fresh token.
 */
export async function answerToFreshOnly(base: string, jwt: JwtManager): Promise<unknown> {
  const stale = await postJson(base, { access_token: await jwt.createAccessToken("alice") });
  expect(stale.status).toBe(401);
  expect(stale.headers.get("content-type")).toMatch(/^application\/json/);
  expect(await stale.json()).toEqual({ msg: "Fresh token required" });
  const fresh = await jwt.createAccessToken("alice", { fresh: true });
  return (await postJson(base, { access_token: fresh })).json();
}
