import type { Framework } from "../http/contenders.ts";
import { ratio } from "../stats.ts";
import type { InProcessResult } from "../suites/in-process.ts";
import type { MemoryResult } from "../suites/memory.ts";
import { bestPeer } from "./ratios.ts";
import type { FrameworkResult, TargetResult } from "./results.ts";

/** ours (header) / no auth, at least: the framework's own cost leaves less room on Express. */
const NO_AUTH_TARGETS: Readonly<Record<Framework, number>> = {
  express: 0.85,
  fastify: 0.9,
  hono: 0.9,
};
const BEST_PEER_TARGET = 1.0;
const ENGINE_TARGET = 1.3;
/** Heap in use after a full collection may grow by less than this over the run (1 byte per verification). */
const HEAP_GROWTH_LIMIT_MIB = 1;
/** Resident memory may end at most this much above where it started. */
const RSS_GROWTH_LIMIT = 0.1;

const atLeast = (
  name: string,
  value: number | null,
  target: number,
  note?: string,
): TargetResult => ({
  name,
  target: `>= ${target.toFixed(2)}`,
  value,
  pass: value === null ? null : value >= target,
  ...(note === undefined ? {} : { note }),
});

function httpTargets(framework: FrameworkResult): TargetResult[] {
  const ours = framework.contenders.find((c) => c.role === "ours" && c.carrier === "header");
  const noAuth = framework.contenders.find((c) => c.role === "no-auth");
  const peer = bestPeer(framework.contenders);
  const missing =
    ours === undefined ? "not measured: the library has no adapter for it yet" : undefined;
  const perSecond = (c: typeof ours) => c?.figure.requestsPerSecond;
  const of = (a: number | undefined, b: number | undefined): number | null =>
    a === undefined || b === undefined ? null : ratio(a, b);
  return [
    atLeast(
      `${framework.label}: ours (header) / best peer (${peer?.label ?? "none"}), req/s`,
      of(perSecond(ours), perSecond(peer)),
      BEST_PEER_TARGET,
      missing,
    ),
    atLeast(
      `${framework.label}: ours (header) / no auth, req/s`,
      of(perSecond(ours), perSecond(noAuth)),
      NO_AUTH_TARGETS[framework.framework],
      missing,
    ),
  ];
}

function inProcessTarget(result: InProcessResult): TargetResult {
  const ns = (id: string): number | undefined =>
    result.contenders.find((c) => c.id === id)?.nsPerOp;
  const engine = ns("engine");
  const timesEngine = (id: string): number | null => {
    const ours = ns(id);
    return ours === undefined || engine === undefined ? null : ratio(ours, engine);
  };
  const value = timesEngine("ours-header");
  const unseen = timesEngine("ours-header-unseen");
  return {
    name: "in-process: ours verifyRequest (header) / fast-jwt verify, ns/op",
    target: `<= ${ENGINE_TARGET.toFixed(2)}`,
    value,
    pass: value === null ? null : value <= ENGINE_TARGET,
    ...(unseen === null ? {} : { note: `a token not seen lately: ${unseen.toFixed(2)}` }),
  };
}

function memoryTarget(result: MemoryResult): TargetResult {
  const heapGrowth = result.after.heapUsedMiB - result.before.heapUsedMiB;
  const rssGrowth = result.after.rssMiB / result.before.rssMiB - 1;
  return {
    name: `memory: growth over ${result.verifications.toLocaleString("en-US")} verifications (heap after GC, RSS)`,
    target: `heap < ${HEAP_GROWTH_LIMIT_MIB} MiB and RSS < +${RSS_GROWTH_LIMIT * 100}%`,
    value: Math.round(heapGrowth * 100) / 100,
    pass: heapGrowth < HEAP_GROWTH_LIMIT_MIB && rssGrowth < RSS_GROWTH_LIMIT,
    note: `heap ${heapGrowth >= 0 ? "+" : ""}${heapGrowth.toFixed(2)} MiB, RSS ${(rssGrowth * 100).toFixed(1)}%`,
  };
}

/** Every target of the issue, each with its measured value and whether it is met. */
export function evaluateTargets(
  frameworks: readonly FrameworkResult[],
  inProcess: InProcessResult,
  memory: MemoryResult,
): TargetResult[] {
  return [...frameworks.flatMap(httpTargets), inProcessTarget(inProcess), memoryTarget(memory)];
}
