/**
 * Running the conformance table's scenarios (`scenarios.ts`) over real HTTP against a demo
 * at a base URL: grouping them by environment (one demo per group), preparing each one's
 * tokens and cookies, sending its request and checking the answer.
 */
import { expect } from "vitest";
import { CookieJar, cookieHeader } from "../helpers/cookie-jar.ts";
import { type HttpRequest, type HttpResponse, send } from "../helpers/http.ts";
import { parseSetCookie } from "../helpers/set-cookie.ts";
import { csrfClaimOf, DEMO_IDENTITY, decodeUnverified, mintToken } from "../helpers/tokens.ts";
import type {
  CookieExpectation,
  Ctx,
  Env,
  RequestSpec,
  Scenario,
  StatusExpectation,
  TokenSource,
} from "./scenarios.ts";

export interface EnvGroup {
  env: Env;
  label: string;
  scenarios: Scenario[];
}

/** Scenarios grouped by environment, in the table's order of first appearance. */
export function groupByEnv(table: readonly Scenario[]): EnvGroup[] {
  const groups = new Map<string, EnvGroup>();
  for (const scenario of table) {
    const env = scenario.env ?? {};
    const entries = Object.entries(env).sort(([a], [b]) => a.localeCompare(b));
    const key = JSON.stringify(entries);
    let group = groups.get(key);
    if (!group) {
      const label =
        entries.length === 0
          ? "default environment"
          : entries.map(([name, value]) => `${name}=${JSON.stringify(value)}`).join(" ");
      group = { env, label, scenarios: [] };
      groups.set(key, group);
    }
    group.scenarios.push(scenario);
  }
  return [...groups.values()];
}

// ---------------------------------------------------------------------------------------
// Setup

async function postJson(base: string, path: string, headers: Record<string, string> = {}) {
  const res = await send({ method: "POST", url: `${base}${path}`, headers });
  if (res.status !== 200) {
    throw new Error(`setup: POST ${path} answered ${res.status} ${res.text}`);
  }
  return { res, body: JSON.parse(res.text) as Record<string, unknown> };
}

async function tokenFrom(base: string, source: TokenSource | undefined): Promise<string> {
  if (source === undefined) return "";
  if ("mint" in source) return mintToken(source.mint);
  const { body } = await postJson(base, "/login_without_cookies");
  const key = "login" in source ? `${source.login}_token` : "refresh_token";
  const token = body[key];
  if (typeof token !== "string") throw new Error(`setup: login answered no ${key}`);
  if ("login" in source) return token;
  const refreshed = await postJson(base, "/refresh", { Authorization: `Bearer ${token}` });
  const access = refreshed.body.access_token;
  if (typeof access !== "string") throw new Error("setup: /refresh answered no access_token");
  return access;
}

async function prepare(base: string, scenario: Scenario): Promise<Ctx> {
  const setup = scenario.setup ?? {};
  const token = await tokenFrom(base, setup.token);
  const otherToken = await tokenFrom(base, setup.otherToken);
  const jar = new CookieJar();
  if (setup.loginWithCookies) {
    const { res } = await postJson(base, "/login_with_cookies");
    jar.update(res.setCookies);
  }
  const cookies = jar.toRecord();
  return {
    token,
    otherToken,
    csrf: csrfClaimOf(token) ?? "",
    cookies,
    cookie(name) {
      const value = cookies[name];
      if (value === undefined) {
        throw new Error(
          `setup: login_with_cookies set no ${name} cookie (${Object.keys(cookies)})`,
        );
      }
      return value;
    },
  };
}

function toHttpRequest(base: string, spec: RequestSpec): HttpRequest {
  let query = "";
  if (typeof spec.query === "string") query = `?${spec.query}`;
  else if (spec.query) {
    query = `?${Object.entries(spec.query)
      .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
      .join("&")}`;
  }
  const headers: Record<string, string> = { ...spec.headers };
  if (spec.cookies) headers.Cookie = cookieHeader(spec.cookies);
  if (spec.body?.contentType !== undefined) headers["Content-Type"] = spec.body.contentType;
  const url = `${base}${spec.path}${query}`;
  if (spec.rawHeaders) {
    return {
      method: spec.method,
      url,
      rawHeaders: [...Object.entries(headers), ...spec.rawHeaders],
      body: spec.body?.raw,
    };
  }
  return { method: spec.method, url, headers, body: spec.body?.raw };
}

// ---------------------------------------------------------------------------------------
// Checks

function statusMatches(want: StatusExpectation, got: number): boolean {
  if (typeof want === "number") return got === want;
  if (want === "4xx") return got >= 400 && got < 500;
  if (want === "not-401-or-422") return got !== 401 && got !== 422 && got < 500;
  return got < 500;
}

const CASE_INSENSITIVE_VALUES = new Set(["samesite", "domain"]);

function attributeMatches(name: string, want: string | true, got: string | true): boolean {
  if (want === "any") return true;
  if (want === true || got === true) return want === got;
  return CASE_INSENSITIVE_VALUES.has(name)
    ? want.toLowerCase() === got.toLowerCase()
    : want === got;
}

/** Problems with the response's Set-Cookie headers, compared as sets (never by string order). */
function cookieProblems(
  want: Readonly<Record<string, CookieExpectation>>,
  lines: readonly string[],
): string[] {
  const problems: string[] = [];
  const parsed = lines.map(parseSetCookie);
  const names = parsed.map((c) => c.name);
  const wantNames = Object.keys(want);
  if ([...names].sort().join() !== [...wantNames].sort().join()) {
    problems.push(`cookies set: [${names.join(", ")}], want [${wantNames.join(", ")}]`);
  }
  for (const cookie of parsed) {
    const expected = want[cookie.name];
    if (!expected) continue;
    const where = `cookie ${cookie.name}`;
    const wantAttributes = new Map(
      Object.entries(expected.attributes).map(([k, v]) => [k.toLowerCase(), v]),
    );
    const optional = new Map(
      Object.entries(expected.optional ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    );
    for (const [name, value] of wantAttributes) {
      const got = cookie.attributes.get(name);
      if (got === undefined) problems.push(`${where}: missing attribute ${name}`);
      else if (!attributeMatches(name, value, got))
        problems.push(`${where}: ${name}=${String(got)}, want ${String(value)}`);
    }
    for (const [name, got] of cookie.attributes) {
      if (wantAttributes.has(name)) continue;
      const allowed = optional.get(name);
      if (allowed === undefined) problems.push(`${where}: unexpected attribute ${name}`);
      else if (!attributeMatches(name, allowed, got))
        problems.push(`${where}: ${name}=${String(got)}, allowed only ${String(allowed)}`);
    }
    problems.push(...cookieValueProblems(where, expected, cookie.value, parsed));
  }
  return problems;
}

function cookieValueProblems(
  where: string,
  expected: CookieExpectation,
  value: string,
  all: ReturnType<typeof parseSetCookie>[],
): string[] {
  const want = expected.value;
  if (want === "empty") return value === "" ? [] : [`${where}: value ${value}, want empty`];
  if (typeof want === "object") {
    const tokenCookie = all.find((c) => c.name === want.csrfOf);
    const claim = tokenCookie ? csrfClaimOf(decodeURIComponent(tokenCookie.value)) : undefined;
    if (claim === undefined) return [`${where}: ${want.csrfOf} holds no csrf claim`];
    return decodeURIComponent(value) === claim
      ? []
      : [`${where}: value ${value}, want the csrf claim ${claim} of ${want.csrfOf}`];
  }
  const type = want === "access-jwt" ? "access" : "refresh";
  try {
    const { payload } = decodeUnverified(decodeURIComponent(value));
    if (payload.type !== type || payload.sub !== DEMO_IDENTITY) {
      return [`${where}: a token of type ${String(payload.type)} for ${String(payload.sub)}`];
    }
    return [];
  } catch {
    return [`${where}: value ${value} is not a JWT`];
  }
}

function describeExchange(spec: RequestSpec, res: HttpResponse): string {
  const request = JSON.stringify({ ...spec, body: spec.body?.raw.slice(0, 300) }).slice(0, 1200);
  const body = res.text.length > 600 ? `${res.text.slice(0, 600)}…` : res.text;
  return `\nrequest: ${request}\nresponse: ${res.status} ${JSON.stringify(res.headers["content-type"] ?? "")} ${body}\nset-cookie: ${JSON.stringify(res.setCookies)}`;
}

/** Prepares the scenario against the demo at `base`, sends its request and checks the answer. */
export async function runScenario(base: string, scenario: Scenario): Promise<void> {
  const ctx = await prepare(base, scenario);
  const spec = typeof scenario.request === "function" ? scenario.request(ctx) : scenario.request;
  const res = await send(toHttpRequest(base, spec));
  const want = scenario.expect;
  const exchange = describeExchange(spec, res);

  expect(statusMatches(want.status, res.status), `status, want ${want.status}${exchange}`).toBe(
    true,
  );
  if (want.contentType) {
    expect(res.headers["content-type"] ?? "", `content-type${exchange}`).toMatch(want.contentType);
  }
  if (want.text) {
    expect(want.text.problem(res.text), `body: ${want.text.says}${exchange}`).toBeUndefined();
  }
  if (want.json !== undefined || want.satisfies) {
    expect(res.headers["content-type"] ?? "", `a JSON content-type${exchange}`).toMatch(/json/i);
    let body: unknown;
    try {
      body = JSON.parse(res.text);
    } catch {
      expect.fail(`the body is not JSON${exchange}`);
    }
    if (want.json !== undefined) expect(body, `body${exchange}`).toStrictEqual(want.json);
    if (want.satisfies) {
      const problem = want.satisfies.problem(body, ctx);
      expect(problem, `body: ${want.satisfies.says}${exchange}`).toBeUndefined();
    }
  }
  if (want.setCookies) {
    expect(cookieProblems(want.setCookies, res.setCookies), `Set-Cookie${exchange}`).toEqual([]);
  }
}
