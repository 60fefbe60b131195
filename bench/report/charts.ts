import type { TokenMode } from "../fixture.ts";
import { authCpu } from "./ratios.ts";
import type { BenchResults, FrameworkResult } from "./results.ts";
import { type ChartGroup, type ChartSeries, renderBarChart } from "./svg.ts";

/** The charts' files, relative to docs/. */
export const CHART_FILES = {
  requestsPerSecond: "benchmarks/requests-per-second.svg",
  authCpu: "benchmarks/auth-cpu.svg",
} as const;

const SERIES: readonly ChartSeries[] = [
  { name: "distinct tokens", color: "#1f5fa8" },
  { name: "one token", color: "#8fb8e6" },
];
const MODES: readonly TokenMode[] = ["distinct", "one"];

/** One group per framework, one row per contender, the distinct-token and one-token values. */
function groups(
  results: BenchResults,
  value: (result: FrameworkResult, id: string) => number | null,
  include: (role: string) => boolean,
): ChartGroup[] {
  const frameworks = results.http.filter((r) => r.tokens === "distinct");
  return frameworks.map((distinct) => ({
    label: distinct.label,
    rows: distinct.contenders
      .filter((c) => include(c.role))
      .map((c) => ({
        label: c.label,
        values: MODES.map((tokens) => {
          const result = results.http.find(
            (r) => r.framework === distinct.framework && r.tokens === tokens,
          );
          return result === undefined ? null : value(result, c.id);
        }),
      })),
  }));
}

/**
 * The auth CPU chart's full width: four times our largest figure, so that our bars stay
 * readable next to peers that cost a hundred times more (theirs are drawn cut).
 */
function authCpuCap(results: BenchResults): number {
  const ours = results.http.flatMap((result) =>
    result.contenders
      .filter((c) => c.role === "ours")
      .map((c) => authCpu(c, result.contenders) ?? 0),
  );
  return 4 * Math.max(1, ...ours);
}

/** The SVG text of each chart, by its file under docs/. */
export function renderCharts(results: BenchResults): Record<string, string> {
  const find = (result: FrameworkResult, id: string) => result.contenders.find((c) => c.id === id);
  const pool = results.tokenPool.toLocaleString("en-US");
  return {
    [CHART_FILES.requestsPerSecond]: renderBarChart({
      title: `Requests per second (median; distinct tokens: a pool of ${pool}; higher is better)`,
      unit: "req/s",
      series: SERIES,
      groups: groups(
        results,
        (result, id) => find(result, id)?.figure.requestsPerSecond ?? null,
        () => true,
      ),
    }),
    [CHART_FILES.authCpu]: renderBarChart({
      title: "Authentication CPU per request, µs (server CPU minus no auth; lower is better)",
      unit: "µs",
      digits: 1,
      series: SERIES,
      cap: authCpuCap(results),
      groups: groups(
        results,
        (result, id) => {
          const contender = find(result, id);
          return contender === undefined ? null : authCpu(contender, result.contenders);
        },
        (role) => role !== "no-auth",
      ),
    }),
  };
}
