import type { Contender } from "../http/contenders.ts";
import type { HttpFigure } from "../http/rounds.ts";
import { ratio } from "../stats.ts";
import type { HttpRatio } from "./results.ts";

type Measured = Contender & { readonly figure: HttpFigure };

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
