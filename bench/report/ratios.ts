import type { Contender } from "../http/contenders.ts";
import type { HttpFigure } from "../http/rounds.ts";
import { ratio } from "../stats.ts";
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
 * A contender's authentication CPU per request: its server CPU µs per request minus the
 * same framework's without authentication, in the same run. `null` without that floor.
 */
export function authCpu(contender: Measured, all: readonly Measured[]): number | null {
  const noAuth = all.find((c) => c.role === "no-auth");
  if (noAuth === undefined) return null;
  return contender.figure.serverCpuMicrosPerRequest - noAuth.figure.serverCpuMicrosPerRequest;
}

/** The peer with the least authentication CPU per request, if the framework has peers. */
export const cheapestPeer = (contenders: readonly Measured[]): Measured | undefined =>
  contenders
    .filter((c) => c.role === "peer")
    .reduce<Measured | undefined>(
      (best, c) =>
        best === undefined ||
        c.figure.serverCpuMicrosPerRequest < best.figure.serverCpuMicrosPerRequest
          ? c
          : best,
      undefined,
    );
