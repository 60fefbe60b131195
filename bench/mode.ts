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
   * HTTP at one fixed rate, the same for every contender of a framework (a share of the
   * slowest one's requests per second): rounds of all contenders, and the length of one run.
   * Auth CPU is taken from these runs, where every server does the same work at the same pace.
   */
  readonly pacedWarmupSeconds: number;
  readonly pacedRounds: number;
  readonly pacedSeconds: number;
  readonly pacedShare: number;
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
  httpSeconds: 0.5,
  httpConnections: 32,
  pacedWarmupSeconds: 0.2,
  pacedRounds: 3,
  pacedSeconds: 0.4,
  pacedShare: 0.5,
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
  pacedWarmupSeconds: 1,
  pacedRounds: 7,
  pacedSeconds: 1,
  pacedShare: 0.5,
  everyFigure: true,
};

export const modeFromArgs = (args: readonly string[]): BenchMode =>
  args.includes("--quick") ? QUICK : FULL;
