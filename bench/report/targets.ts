import type { TokenMode } from "../fixture.ts";
import type { Framework } from "../http/contenders.ts";
import { ratio } from "../stats.ts";
import type { InProcessResult } from "../suites/in-process.ts";
import type { MemoryResult } from "../suites/memory.ts";
import { authCpu, cheapestPeer, cpuRatio, type Measured } from "./ratios.ts";
import type { FrameworkResult, TargetResult } from "./results.ts";

/**
 * The performance targets, measured side by side in one run. "Ours" is the header way as
 * the library ships (with its verified-token cache); "auth CPU" is the server's CPU time
 * per request minus the same framework's without authentication.
 */
const AUTH_CPU_DISTINCT_MAX = 15;
const AUTH_CPU_VS_PEER_MAX = 0.5;
const AUTH_CPU_ONE_TOKEN_MAX = 5;
const SHARE_ONE_TOKEN_MIN = 0.9;
const SHARE_DISTINCT_MIN = 0.7;
const SHARE_DISTINCT_FRAMEWORKS: readonly Framework[] = ["fastify", "hono"];
const UNSEEN_VS_ENGINE_MAX = 1.2;
const HIT_VS_ENGINE_MAX = 0.3;
const COOKIE_VS_HEADER_MAX = 1.1;
/** Heap in use after a full collection may grow by less than this over the run. */
const HEAP_GROWTH_LIMIT_MIB = 1;
/**
 * Resident memory, less V8's young generation, may end at most this much above where it
 * started. The young generation grows with the allocation rate up to a fixed ceiling (32 MiB
 * on 64-bit Node 20), whatever is kept, so it is reported on its own.
 */
const RSS_GROWTH_LIMIT = 0.1;
const TARGET_FRAMEWORKS: readonly Framework[] = ["express", "fastify", "hono", "nest", "koa"];

const rounded = (value: number | null): number | null =>
  value === null ? null : Math.round(value * 100) / 100;

function target(
  name: string,
  value: number | null,
  limit: number,
  direction: "at most" | "at least",
  note?: string,
): TargetResult {
  const passes = direction === "at most" ? (v: number) => v <= limit : (v: number) => v >= limit;
  const v = rounded(value);
  return {
    name,
    target: `${direction === "at most" ? "<=" : ">="} ${limit.toFixed(2)}`,
    value: v,
    pass: v === null ? null : passes(v),
    ...(note === undefined ? {} : { note }),
  };
}

const TOKENS_LABEL: Readonly<Record<TokenMode, string>> = {
  one: "one token",
  distinct: "distinct tokens",
};

interface Group {
  readonly result: FrameworkResult;
  readonly ours: Measured | undefined;
  readonly noAuth: Measured | undefined;
}

function group(http: readonly FrameworkResult[], framework: Framework, tokens: TokenMode): Group {
  const result = http.find((r) => r.framework === framework && r.tokens === tokens);
  const all = result?.contenders ?? [];
  return {
    result: result as FrameworkResult,
    ours: all.find((c) => c.role === "ours" && c.carrier === "header" && c.cache === true),
    noAuth: all.find((c) => c.role === "no-auth"),
  };
}

/**
 * An auth CPU target: a figure below zero (the run without authentication used more CPU per
 * request than ours) says the machine's noise exceeded the difference, so it is reported as
 * not measured rather than as a pass.
 */
function authTarget(name: string, value: number | null, limit: number): TargetResult {
  if (value === null || value >= 0) return target(name, value, limit, "at most");
  return {
    ...target(name, value, limit, "at most"),
    pass: null,
    note: "below zero: the run without authentication used more CPU, so noise exceeds the difference",
  };
}

function frameworkTargets(http: readonly FrameworkResult[], framework: Framework): TargetResult[] {
  const distinct = group(http, framework, "distinct");
  const one = group(http, framework, "one");
  if (distinct.result === undefined || one.result === undefined) return [];
  const label = distinct.result.label;
  const auth = (g: Group): number | null =>
    g.ours === undefined ? null : authCpu(g.ours, g.result.contenders);
  const share = (g: Group): number | null =>
    g.ours === undefined || g.noAuth === undefined
      ? null
      : ratio(g.ours.figure.requestsPerSecond, g.noAuth.figure.requestsPerSecond);
  const peer = cheapestPeer(distinct.result.contenders);
  const peerAuth = peer === undefined ? null : authCpu(peer, distinct.result.contenders);
  const oursAuth = auth(distinct);
  const targets = [
    authTarget(
      `${label}, ${TOKENS_LABEL.distinct}: ours, auth CPU µs/req`,
      oursAuth,
      AUTH_CPU_DISTINCT_MAX,
    ),
    {
      ...authTarget(
        `${label}, ${TOKENS_LABEL.distinct}: ours / best peer (${peer?.label ?? "none"}), auth CPU`,
        oursAuth === null || peerAuth === null || peerAuth <= 0 ? null : oursAuth / peerAuth,
        AUTH_CPU_VS_PEER_MAX,
      ),
      ...(peerAuth === null || (oursAuth ?? 0) < 0
        ? {}
        : { note: `peer ${peerAuth.toFixed(1)} µs` }),
    },
    authTarget(
      `${label}, ${TOKENS_LABEL.one}: ours, auth CPU µs/req`,
      auth(one),
      AUTH_CPU_ONE_TOKEN_MAX,
    ),
    target(
      `${label}, ${TOKENS_LABEL.one}: ours / no auth, req/s`,
      share(one),
      SHARE_ONE_TOKEN_MIN,
      "at least",
    ),
  ];
  if (SHARE_DISTINCT_FRAMEWORKS.includes(framework)) {
    targets.push(
      target(
        `${label}, ${TOKENS_LABEL.distinct}: ours / no auth, req/s`,
        share(distinct),
        SHARE_DISTINCT_MIN,
        "at least",
      ),
    );
  }
  return targets;
}

function cookieTargets(http: readonly FrameworkResult[]): TargetResult[] {
  return (["distinct", "one"] as const).flatMap((tokens) =>
    http
      .filter((r) => r.tokens === tokens)
      .flatMap((result) => {
        const ours = (carrier: "header" | "cookie") =>
          result.contenders.find((c) => c.role === "ours" && c.carrier === carrier && c.cache);
        const header = ours("header");
        const cookie = ours("cookie");
        if (header === undefined || cookie === undefined) return [];
        return [
          target(
            `${result.label}, ${TOKENS_LABEL[tokens]}: cookie + CSRF / header, server CPU µs/req`,
            cpuRatio(cookie, header),
            COOKIE_VS_HEADER_MAX,
            "at most",
          ),
        ];
      }),
  );
}

function inProcessTargets(result: InProcessResult): TargetResult[] {
  const ns = (id: string): number | undefined =>
    result.contenders.find((c) => c.id === id)?.nsPerOp;
  const of = (a: string, b: string): number | null => {
    const x = ns(a);
    const y = ns(b);
    return x === undefined || y === undefined ? null : x / y;
  };
  return [
    target(
      "in-process: ours, a token not seen lately / fast-jwt verify of the same tokens",
      of("ours-header-unseen", "engine-distinct"),
      UNSEEN_VS_ENGINE_MAX,
      "at most",
    ),
    target(
      "in-process: ours, a cache hit / fast-jwt verify of the same token",
      of("ours-header", "engine"),
      HIT_VS_ENGINE_MAX,
      "at most",
    ),
  ];
}

/** RSS less the young generation (older results, without that figure, count it in). */
const rssBesidesYoung = (reading: MemoryResult["before"]): number =>
  reading.rssMiB - (reading.youngGenerationMiB ?? 0);

function memoryTarget(result: MemoryResult): TargetResult {
  const { before, after } = result;
  const heapGrowth = after.heapUsedMiB - before.heapUsedMiB;
  const rssGrowth = rssBesidesYoung(after) / rssBesidesYoung(before) - 1;
  const young =
    before.youngGenerationMiB === undefined
      ? ""
      : `, of which V8's young generation ${before.youngGenerationMiB.toFixed(0)} → ${(after.youngGenerationMiB ?? 0).toFixed(0)} MiB`;
  return {
    name: `memory: growth over ${result.verifications.toLocaleString("en-US")} distinct tokens, cache and memory store (heap after GC, MiB)`,
    target: `heap < ${HEAP_GROWTH_LIMIT_MIB} MiB and RSS besides the young generation < +${RSS_GROWTH_LIMIT * 100}%`,
    value: Math.round(heapGrowth * 100) / 100,
    pass: heapGrowth < HEAP_GROWTH_LIMIT_MIB && rssGrowth < RSS_GROWTH_LIMIT,
    note: `heap ${before.heapUsedMiB.toFixed(1)} → ${after.heapUsedMiB.toFixed(1)} MiB, RSS ${before.rssMiB.toFixed(0)} → ${after.rssMiB.toFixed(0)} MiB${young}; RSS besides it ${rssGrowth >= 0 ? "+" : ""}${(rssGrowth * 100).toFixed(1)}%`,
  };
}

/** Every target, each with its measured value and whether it is met. */
export function evaluateTargets(
  http: readonly FrameworkResult[],
  inProcess: InProcessResult,
  memory: MemoryResult,
): TargetResult[] {
  return [
    ...TARGET_FRAMEWORKS.flatMap((framework) => frameworkTargets(http, framework)),
    ...inProcessTargets(inProcess),
    ...cookieTargets(http),
    memoryTarget(memory),
  ];
}
