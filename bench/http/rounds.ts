import type { BenchToken, TokenMode } from "../fixture.ts";
import type { BenchMode } from "../mode.ts";
import { median } from "../stats.ts";
import { type Contender, neededForTargets } from "./contenders.ts";
import { checkServer, type LoadResult, load } from "./load.ts";
import { type RunningServer, startServers } from "./server-process.ts";

/** One run's figures: the load generator's, and the server's CPU time per request. */
export interface RunResult extends LoadResult {
  /**
   * Server CPU time (user + system) per request, in microseconds: unlike requests per
   * second, barely moved by other work competing for the machine.
   */
  readonly serverCpuMicrosPerRequest: number;
}

/** A contender's HTTP figures: the median over the rounds, and every round. */
export interface HttpFigure {
  readonly id: string;
  readonly requestsPerSecond: number;
  readonly serverCpuMicrosPerRequest: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly rounds: readonly RunResult[];
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
): Promise<RunResult> {
  const { contender, url } = server;
  const cpuBefore = await server.cpuMicros();
  const result = await load({
    url,
    carrier: contender.carrier,
    tokens,
    seconds,
    connections: options.mode.httpConnections,
  });
  const cpu = (await server.cpuMicros()) - cpuBefore;
  if (result.failures > 0) throw new Error(`${contender.id}: ${result.failures} requests failed`);
  return { ...result, serverCpuMicrosPerRequest: cpu / result.requests };
}

const summarize = (id: string, rounds: readonly RunResult[]): HttpFigure => ({
  id,
  requestsPerSecond: median(rounds.map((r) => r.requestsPerSecond)),
  serverCpuMicrosPerRequest: median(rounds.map((r) => r.serverCpuMicrosPerRequest)),
  latencyP50Ms: median(rounds.map((r) => r.latencyP50Ms)),
  latencyP99Ms: median(rounds.map((r) => r.latencyP99Ms)),
  rounds,
});

const TOKEN_MODES: readonly TokenMode[] = ["one", "distinct"];

/**
 * Measures the contenders of one framework, with one token and with distinct tokens (in a
 * mode without every figure, only the contenders the targets need with each). All
 * their servers start at once (an idle server costs nothing); each is checked; then, for
 * each way of sending tokens, each server is warmed up and every round runs each contender
 * once in turn (A B C, A B C, …), so that a slow spell on the machine falls on all of them
 * rather than on one.
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
      const runs = measured.map((): RunResult[] => []);
      for (let round = 1; round <= mode.httpRounds; round++) {
        for (const [index, server] of measured.entries()) {
          const result = await timedRun(server, mode.httpSeconds, tokens, options);
          runs[index]?.push(result);
          const rps = Math.round(result.requestsPerSecond);
          const cpu = result.serverCpuMicrosPerRequest.toFixed(1);
          log(
            `  ${tokenMode.padEnd(8)} round ${round}/${mode.httpRounds}  ${server.contender.id.padEnd(32)} ${rps} req/s, ${cpu} µs CPU/req`,
          );
        }
      }
      figures[tokenMode] = measured.map((server, index) =>
        summarize(server.contender.id, runs[index] ?? []),
      );
    }
    return figures;
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}
