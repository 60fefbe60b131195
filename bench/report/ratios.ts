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
 * `combine` of two contenders' server CPU per request at their framework's fixed rate:
 * taken round by round (round `i` of each ran in the same turn, seconds apart, so that a
 * slow spell of the machine cancels out) and reported as the median; or, in results of
 * older runs without paced rounds, of their figures.
 */
function paired(a: Measured, b: Measured, combine: (a: number, b: number) => number): number {
  const mine = a.figure.paced?.rounds ?? [];
  const theirs = b.figure.paced?.rounds ?? [];
  if (mine.length === 0 || mine.length !== theirs.length) {
    return combine(cpuPerRequest(a), cpuPerRequest(b));
  }
  return median(
    mine.map((run, i) =>
      combine(run.serverCpuMicrosPerRequest, (theirs[i] as RunResult).serverCpuMicrosPerRequest),
    ),
  );
}

/**
 * A contender's authentication CPU per request: its server CPU µs per request minus the
 * same framework's without authentication, in the same run (see {@link paired}). `null`
 * without that floor.
 */
export function authCpu(contender: Measured, all: readonly Measured[]): number | null {
  const noAuth = all.find((c) => c.role === "no-auth");
  return noAuth === undefined ? null : paired(contender, noAuth, (mine, floor) => mine - floor);
}

/** `a`'s server CPU per request over `b`'s (see {@link paired}). */
export const cpuRatio = (a: Measured, b: Measured): number =>
  paired(a, b, (mine, theirs) => mine / theirs);

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
