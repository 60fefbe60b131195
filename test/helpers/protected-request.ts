import type { JwtManager } from "jwt-extended";
import { fetchJwt } from "jwt-extended/fetch";
import { bearer } from "./bearer.ts";

/**
 * The answer of a `jwtRequired()` route of `jwt` to `token` as a Bearer header, through the
 * fetch adapter in-process: 200 `{ identity }`, or the check's refusal (401 revoked, 503
 * store down), with the time it took.
 */
export async function protectedAnswer(
  jwt: JwtManager<string, unknown, Record<string, unknown>>,
  token: string,
): Promise<{ status: number; body: unknown; ms: number }> {
  const { jwtRequired } = fetchJwt(jwt);
  const route = jwtRequired()(async (_request, context) =>
    Response.json({ identity: context.identity }),
  );
  const started = performance.now();
  const response = await route(
    new Request("http://localhost/protected", { headers: bearer(token) }),
  );
  const body: unknown = await response.json();
  return { status: response.status, body, ms: performance.now() - started };
}
