import type { BenchToken, TokenMode } from "../fixture.ts";
import type { BenchMode } from "../mode.ts";
import { median } from "../stats.ts";
import { type Contender, neededForTargets } from "./contenders.ts";
import { checkServer, type LoadResult, load as loadAtFullSpeed } from "./load.ts";
import { pacedLoad } from "./paced-load.ts";
import { type RunningServer, startServers } from "./server-process.ts";

/** One run's figures: the load generator's, and the server's CPU time per request. */
export interface RunResult extends LoadResult {
  /**
   * Server CPU time (user + system) per request, in microseconds: unlike requests per
   * second, barely moved by other work competing for the machine.
   */
  readonly serverCpuMicrosPerRequest: number;
}

/**
 * A contender's figures at the fixed rate its framework's contenders all ran at: the
 * median server CPU per request, and every round (round `i` of each contender ran in the
 * same turn, so that differences are taken round by round).
 */
export interface PacedFigure {
  readonly requestsPerSecond: number;
  readonly serverCpuMicrosPerRequest: number;
  readonly rounds: readonly RunResult[];
}

/** A contender's HTTP figures: the median over the rounds, and every round. */
export interface HttpFigure {
  readonly id: string;
  readonly requestsPerSecond: number;
  readonly serverCpuMicrosPerRequest: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly rounds: readonly RunResult[];
  /** The same contender at the framework's fixed rate (absent from results of older runs). */
  readonly paced?: PacedFigure;
}

export interface RoundsOptions {
  readonly mode: BenchMode;
  /** The tokens of each way of sending them: one token, or the pool of distinct ones. */
  readonly pools: Readonly<Record<TokenMode, readonly BenchToken[]>>;
  /** The core the servers are pinned to, or `null` to leave scheduling to the system. */
  readonly serverCpu: number | null;
  readonly log: (line: string) => void;
}

/** One timed run against one server; a failed request voids the whole benchmark. */
async function timedRun(
  server: RunningServer,
  seconds: number,
  tokens: readonly BenchToken[],
  options: RoundsOptions,
  rate?: number,
): Promise<RunResult> {
  const { contender, url } = server;
  const cpuBefore = await server.cpuMicros();
  const load = { url, carrier: contender.carrier, tokens, seconds };
  const connections = options.mode.httpConnections;
  const result = await (rate === undefined
    ? loadAtFullSpeed({ ...load, connections })
    : pacedLoad({ ...load, connections, rate }));
  const cpu = (await server.cpuMicros()) - cpuBefore;
  if (result.failures > 0) throw new Error(`${contender.id}: ${result.failures} requests failed`);
  return { ...result, serverCpuMicrosPerRequest: cpu / result.requests };
}

const summarize = (
  id: string,
  rounds: readonly RunResult[],
  paced: readonly RunResult[],
  rate: number,
): HttpFigure => ({
  id,
  requestsPerSecond: median(rounds.map((r) => r.requestsPerSecond)),
  serverCpuMicrosPerRequest: median(rounds.map((r) => r.serverCpuMicrosPerRequest)),
  latencyP50Ms: median(rounds.map((r) => r.latencyP50Ms)),
  latencyP99Ms: median(rounds.map((r) => r.latencyP99Ms)),
  rounds,
  paced: {
    requestsPerSecond: rate,
    serverCpuMicrosPerRequest: median(paced.map((r) => r.serverCpuMicrosPerRequest)),
    rounds: paced,
  },
});

/**
 * Runs every server once per round, in turn (A B C, A B C, …), so that a slow spell on the
 * machine falls on all of them rather than on one; at `rate` requests per second, or as
 * many as each server takes. Each round starts with the next server, so that none always
 * runs first or last.
 */
async function alternate(
  label: string,
  servers: readonly RunningServer[],
  count: number,
  run: (server: RunningServer) => Promise<RunResult>,
  log: (line: string) => void,
): Promise<RunResult[][]> {
  const runs = servers.map((): RunResult[] => []);
  for (let round = 0; round < count; round++) {
    for (let turn = 0; turn < servers.length; turn++) {
      const index = (round + turn) % servers.length;
      const server = servers[index] as RunningServer;
      const result = await run(server);
      runs[index]?.push(result);
      const rps = Math.round(result.requestsPerSecond);
      const cpu = result.serverCpuMicrosPerRequest.toFixed(1);
      log(
        `  ${label.padEnd(16)} round ${round + 1}/${count}  ${server.contender.id.padEnd(32)} ${rps} req/s, ${cpu} µs CPU/req`,
      );
    }
  }
  return runs;
}

/**
 * The fixed rate of a framework's paced runs: a share of the req/s of the slowest of its
 * server without authentication and ours. Peers are left out: one slower than that still
 * runs, as fast as it goes (a pace at which it would spend less per request, not more).
 */
function pacedRate(
  servers: readonly RunningServer[],
  saturated: readonly RunResult[][],
  share: number,
): number {
  const rates = servers.flatMap((server, index) =>
    server.contender.role === "peer"
      ? []
      : [median((saturated[index] ?? []).map((r) => r.requestsPerSecond))],
  );
  return Math.max(100, Math.floor((Math.min(...rates) * share) / 100) * 100);
}

const TOKEN_MODES: readonly TokenMode[] = ["one", "distinct"];

/**
 * Measures the contenders of one framework, with one token and with distinct tokens (in a
 * mode without every figure, only the contenders the targets need with each). All
 * their servers start at once (an idle server costs nothing); each is checked; then, for
 * each way of sending tokens, each server is warmed up, rounds measure each as fast as it
 * goes, and more rounds measure each at one fixed rate (see {@link pacedRate}).
 */
export async function measureFramework(
  contenders: readonly Contender[],
  options: RoundsOptions,
): Promise<Record<TokenMode, HttpFigure[]>> {
  const { mode, log } = options;
  const starting = Date.now();
  const servers = await startServers(contenders, options.serverCpu);
  log(
    `  ${servers.length} servers listening after ${((Date.now() - starting) / 1000).toFixed(1)} s`,
  );
  try {
    for (const server of servers) {
      await checkServer(server.url, server.contender.carrier, options.pools.one[0] as BenchToken);
    }
    const figures = { one: [] as HttpFigure[], distinct: [] as HttpFigure[] };
    for (const tokenMode of TOKEN_MODES) {
      const tokens = options.pools[tokenMode];
      const measured = servers.filter(
        (server) => mode.everyFigure || neededForTargets(server.contender, tokenMode),
      );
      for (const server of measured)
        await timedRun(server, mode.httpWarmupSeconds, tokens, options);
      const saturated = await alternate(
        tokenMode,
        measured,
        mode.httpRounds,
        (server) => timedRun(server, mode.httpSeconds, tokens, options),
        log,
      );
      const rate = pacedRate(measured, saturated, mode.pacedShare);
      // One run each at the rate before the rounds: the first paced run reads high.
      for (const server of measured)
        await timedRun(server, mode.pacedWarmupSeconds, tokens, options, rate);
      const paced = await alternate(
        `${tokenMode} @${rate}/s`,
        measured,
        mode.pacedRounds,
        (server) => timedRun(server, mode.pacedSeconds, tokens, options, rate),
        log,
      );
      figures[tokenMode] = measured.map((server, index) =>
        summarize(server.contender.id, saturated[index] ?? [], paced[index] ?? [], rate),
      );
    }
    return figures;
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}
