/**
 * Generated hostile requests (fast-check) over real HTTP against the demo, on every
 * framework it runs on. Each property sends its cases in batches over keep-alive
 * connections and checks every answer with `violations` (a 4xx JSON error, nothing
 * leaked, no forged claim reaching a route). The number of generated cases is printed at
 * the end; `HOSTILE_CASES` raises it for a deeper local run.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_FRAMEWORKS } from "../../examples/jwt-locations/server.ts";
import { type RunningDemo, startDemo } from "../helpers/demo-server.ts";
import { DEMO_SECRET } from "../helpers/tokens.ts";
import { CANARY, csrfValue, type HostileCase, hostileCase } from "./arbitraries.ts";
import { HostileClient, type Reply } from "./client.ts";
import { type Expectation, violations } from "./invariants.ts";

/** Generated cases per CI run, over all frameworks; each framework gets at least 3,000. */
const TOTAL = Number(process.env.HOSTILE_CASES ?? 10_000);
const PER_FRAMEWORK = Math.max(3_000, Math.ceil(TOTAL / DEMO_FRAMEWORKS.length));
const BATCH = 10;
const runs = (share: number): number => Math.ceil((PER_FRAMEWORK * share) / BATCH);

const FORBIDDEN = [DEMO_SECRET, CANARY];
const ANONYMOUS = JSON.stringify({ identity: null });

let generated = 0;
/** How the generated hostile requests were answered, status by status (printed at the end). */
const statuses = new Map<number, number>();
const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

function explain(request: HostileCase["request"], reply: Reply, problems: string[]): string {
  const shown = JSON.stringify({
    method: request.method,
    path: request.path.slice(0, 300),
    headers: request.headers?.map(([name, value]) => [name, value.slice(0, 300)]),
    body: request.body?.toString().slice(0, 300),
  });
  return `${problems.join("; ")}\nrequest: ${shown}\nreply: ${reply.status} ${reply.body.slice(0, 300)}`;
}

async function login(client: HostileClient): Promise<{ access: string; cookie: string }> {
  const tokens = await client.send({ method: "POST", path: "/login_without_cookies" });
  const withCookies = await client.send({ method: "POST", path: "/login_with_cookies" });
  const cookie = withCookies.setCookies
    .map((line) => line.split(";")[0] as string)
    .filter((pair) => pair.startsWith("access_token_cookie="))
    .join("; ");
  return { access: (JSON.parse(tokens.body) as { access_token: string }).access_token, cookie };
}

describe.each(DEMO_FRAMEWORKS)("the demo on %s under generated hostile input", (framework) => {
  let demo: RunningDemo;
  let client: HostileClient;
  let valid: { access: string; cookie: string };

  beforeAll(async () => {
    demo = await startDemo({ framework });
    client = new HostileClient(demo.url);
    valid = await login(client);
  });

  afterAll(async () => {
    client?.close();
    await demo?.close();
  });

  it("answers every hostile request with a 4xx JSON error that leaks nothing", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(hostileCase, { minLength: BATCH, maxLength: BATCH }),
        async (cases) => {
          const replies = await Promise.all(cases.map((c) => client.send(c.request)));
          generated += cases.length;
          for (const reply of replies)
            statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
          cases.forEach((c, index) => {
            const reply = replies[index] as Reply;
            const expectation: Expectation = {
              echoes: c.echoes,
              forbidden: [...FORBIDDEN, valid.access],
              ...(c.request.path.startsWith("/optional") ? { allowedSuccess: ANONYMOUS } : {}),
            };
            const problems = violations(reply, expectation);
            if (problems.length > 0) throw new Error(explain(c.request, reply, problems));
          });
        },
      ),
      { numRuns: runs(0.7), endOnFailure: true },
    );
  }, 240_000);

  it("refuses every CSRF value but the token's own, whatever its length or bytes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(csrfValue, { minLength: BATCH, maxLength: BATCH }),
        async (values) => {
          const replies = await Promise.all(
            values.map((value) =>
              client.send({
                method: "POST",
                path: "/protected",
                headers: [
                  ["Cookie", valid.cookie],
                  ["X-CSRF-TOKEN", value],
                ],
              }),
            ),
          );
          generated += values.length;
          values.forEach((value, index) => {
            const reply = replies[index] as Reply;
            const problems = violations(reply, { echoes: [value], forbidden: FORBIDDEN });
            const { msg } = JSON.parse(reply.body) as { msg?: string };
            if (
              reply.status !== 401 ||
              !/^(CSRF double submit tokens do not match|Missing CSRF token)$/.test(msg ?? "")
            ) {
              problems.push(`expected 401 CSRF refusal, got ${reply.status} ${msg}`);
            }
            if (problems.length > 0) {
              throw new Error(
                explain(
                  { method: "POST", path: "/protected", headers: [["X-CSRF-TOKEN", value]] },
                  reply,
                  problems,
                ),
              );
            }
          });
        },
      ),
      { numRuns: runs(0.15), endOnFailure: true },
    );
  }, 240_000);

  it("lets noise in other places change nothing about a valid header token's identity", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(hostileCase, { minLength: BATCH, maxLength: BATCH }),
        async (cases) => {
          const requests = cases.map((c) => ({
            method: "POST",
            path: `/whoami${c.request.path.includes("?") ? c.request.path.slice(c.request.path.indexOf("?")) : ""}`,
            headers: [
              ["Authorization", `Bearer ${valid.access}`] as const,
              ...(c.request.headers ?? []).filter(
                ([name]) => name.toLowerCase() !== "authorization",
              ),
            ],
            ...(c.request.body === undefined ? {} : { body: c.request.body }),
          }));
          const replies = await Promise.all(requests.map((request) => client.send(request)));
          generated += cases.length;
          replies.forEach((reply, index) => {
            // Noise may push the header section past node's 16 KB limit (431); nothing else.
            if (reply.status === 431) return;
            const body =
              reply.status === 200 ? (JSON.parse(reply.body) as { identity?: unknown }) : {};
            if (reply.status !== 200 || body.identity !== "example_user") {
              throw new Error(
                explain(requests[index] as HostileCase["request"], reply, [
                  "the valid token's identity did not come through",
                ]),
              );
            }
          });
        },
      ),
      { numRuns: runs(0.15), endOnFailure: true },
    );
  }, 240_000);

  it("still serves a normal login afterwards", async () => {
    const { access } = await login(client);
    const reply = await client.send({
      method: "GET",
      path: "/protected",
      headers: [["Authorization", `Bearer ${access}`]],
    });
    expect(reply.status).toBe(200);
  });
});

describe("after the hostile suite", () => {
  it("left Object.prototype unpolluted", () => {
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
  });

  it(`ran at least ${TOTAL} generated cases`, () => {
    const spread = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`);
    console.log(
      `hostile HTTP suite: ${generated} generated cases on ${DEMO_FRAMEWORKS.join(", ")} (${spread.join(", ")})`,
    );
    if (generated > 0) expect(generated).toBeGreaterThanOrEqual(TOTAL);
  });
});
