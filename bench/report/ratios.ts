import type { Contender } from "../http/contenders.ts";
import type { HttpFigure, RunResult } from "../http/rounds.ts";
import { median, ratio } from "../stats.ts";
import type { HttpRatio } from "./results.ts";

export type Measured = Contender & { readonly figure: HttpFigure };

/** Each of our contenders against every other contender of the same framework. */
export function httpRatios(contenders: readonly Measured[]): HttpRatio[] {
  const ours = contenders.filter((c) => c.role === "ours");
  const others = contenders.filter((c) => c.role !== "ours");
  return ours.flatMap((mine) =>
    others.map((other) => ({
      ours: mine.id,
      other: other.id,
      value: ratio(mine.figure.requestsPerSecond, other.figure.requestsPerSecond),
    })),
  );
}

/** The peer with the most requests per second, if the framework has peers. */
export const bestPeer = (contenders: readonly Measured[]): Measured | undefined =>
  contenders
    .filter((c) => c.role === "peer")
    .reduce<Measured | undefined>(
      (best, c) =>
        best === undefined || c.figure.requestsPerSecond > best.figure.requestsPerSecond ? c : best,
      undefined,
    );

/**
 * A contender's server CPU µs per request at its framework's fixed rate, where every
 * contender did the same work at the same pace (or, in results of older runs without paced
 * rounds, as fast as it went).
 */
export const cpuPerRequest = (contender: Measured): number =>
  contender.figure.paced?.serverCpuMicrosPerRequest ?? contender.figure.serverCpuMicrosPerRequest;

/**
 * A contender's authentication CPU per request: its server CPU µs per request minus the
 * same framework's without authentication, in the same run. At the fixed rate, it is the
 * median of the differences taken round by round (both ran in the same turn, seconds
 * apart), so that a slow spell of the machine cancels out. `null` without that floor.
 */
export function authCpu(contender: Measured, all: readonly Measured[]): number | null {
  const noAuth = all.find((c) => c.role === "no-auth");
  if (noAuth === undefined) return null;
  const mine = contender.figure.paced?.rounds ?? [];
  const floor = noAuth.figure.paced?.rounds ?? [];
  if (mine.length === 0 || mine.length !== floor.length) {
    return cpuPerRequest(contender) - cpuPerRequest(noAuth);
  }
  return median(
    mine.map(
      (run, i) => run.serverCpuMicrosPerRequest - (floor[i] as RunResult).serverCpuMicrosPerRequest,
    ),
  );
}

/**
 * `a`'s server CPU per request over `b`'s, at their framework's fixed rate: the median of
 * the ratios taken round by round (as {@link authCpu} takes differences), or, in results of
 * older runs, the ratio of their figures.
 */
export function cpuRatio(a: Measured, b: Measured): number {
  const mine = a.figure.paced?.rounds ?? [];
  const theirs = b.figure.paced?.rounds ?? [];
  if (mine.length === 0 || mine.length !== theirs.length)
    return cpuPerRequest(a) / cpuPerRequest(b);
  return median(
    mine.map(
      (run, i) =>
        run.serverCpuMicrosPerRequest / (theirs[i] as RunResult).serverCpuMicrosPerRequest,
    ),
  );
}

/** The peer with the least authentication CPU per request, if the framework has peers. */
export function cheapestPeer(contenders: readonly Measured[]): Measured | undefined {
  const cost = (c: Measured): number => authCpu(c, contenders) ?? cpuPerRequest(c);
  return contenders
    .filter((c) => c.role === "peer")
    .reduce<Measured | undefined>(
      (best, c) => (best === undefined || cost(c) < cost(best) ? c : best),
      undefined,
    );
}
