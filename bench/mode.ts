/** How long each part runs. `--quick` is a smoke run (under two minutes); the default is the full run. */
export interface BenchMode {
  readonly name: "quick" | "full";
  /** In-process: rounds of the four measurements, alternated; and CPU time per measurement. */
  readonly inProcessRounds: number;
  readonly inProcessMsPerRound: number;
  /** Memory: verifications, each of a distinct token, between the two readings. */
  readonly memoryVerifications: number;
  /** HTTP: warm-up per contender, rounds of all contenders, and the length of one run. */
  readonly httpWarmupSeconds: number;
  readonly httpRounds: number;
  readonly httpSeconds: number;
  readonly httpConnections: number;
  /**
   * Every figure of docs/benchmarks.md (the build without the cache, peers with one token,
   * the revocation stores), or only those the targets need.
   */
  readonly everyFigure: boolean;
}

export const QUICK: BenchMode = {
  name: "quick",
  inProcessRounds: 2,
  inProcessMsPerRound: 150,
  memoryVerifications: 50_000,
  httpWarmupSeconds: 0.3,
  httpRounds: 2,
  httpSeconds: 0.7,
  httpConnections: 32,
  everyFigure: false,
};

export const FULL: BenchMode = {
  name: "full",
  inProcessRounds: 5,
  inProcessMsPerRound: 1_000,
  memoryVerifications: 1_000_000,
  httpWarmupSeconds: 2,
  httpRounds: 3,
  httpSeconds: 5,
  httpConnections: 32,
  everyFigure: true,
};

export const modeFromArgs = (args: readonly string[]): BenchMode =>
  args.includes("--quick") ? QUICK : FULL;
