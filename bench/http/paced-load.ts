import http from "node:http";
import { performance } from "node:perf_hooks";
import { METHOD, ROUTE } from "../fixture.ts";
import { headersFor, type LoadOptions, type LoadResult } from "./load.ts";

/** How often the pacer wakes to send the requests that are due. */
const TICK_MS = 1;
/** A paced run that has not had every answer this long after its last request is void. */
const DRAIN_TIMEOUT_MS = 30_000;

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;

/**
 * Sends `rate` requests per second, spread evenly over the run (every millisecond, the
 * requests due by then), over at most `connections` kept-alive connections. autocannon's own
 * rate limit is not used: it lets each connection send its quota for the second at once and
 * then wait, so a server would work in bursts at full speed rather than at the rate.
 * Requests take the pool's tokens in turn, as {@link load} does.
 */
export function pacedLoad(options: LoadOptions & { readonly rate: number }): Promise<LoadResult> {
  const { url, carrier, tokens, seconds, connections, rate } = options;
  const target = new URL(`${url}${ROUTE}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const headers = tokens.map((token) => headersFor(carrier, token));
  const total = Math.max(1, Math.round(rate * seconds));
  const latencies: number[] = [];
  let sent = 0;
  let answered = 0;
  let failures = 0;
  const started = performance.now();

  return new Promise((resolve) => {
    let drainTimer: NodeJS.Timeout | undefined;
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      clearTimeout(drainTimer);
      agent.destroy();
      const duration = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      resolve({
        requestsPerSecond: answered / duration,
        requests: answered,
        latencyP50Ms: percentile(latencies, 0.5),
        latencyP99Ms: percentile(latencies, 0.99),
        // Errors, statuses other than 2xx, and answers still missing.
        failures: total - answered,
      });
    };
    const settle = (ok: boolean, since: number): void => {
      if (ok) {
        answered++;
        latencies.push(performance.now() - since);
      } else {
        failures++;
      }
      if (answered + failures === total) finish();
    };
    const send = (index: number): void => {
      const since = performance.now();
      const request = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: METHOD,
          headers: headers[index % headers.length],
        },
        (response) => {
          const ok = response.statusCode !== undefined && response.statusCode < 300;
          response.on("end", () => settle(ok, since));
          response.on("error", () => settle(false, since));
          response.resume();
        },
      );
      request.on("error", () => settle(false, since));
      request.end();
    };
    const tick = (): void => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
      while (sent < due) send(sent++);
      if (sent < total) {
        setTimeout(tick, TICK_MS);
      } else {
        drainTimer = setTimeout(finish, DRAIN_TIMEOUT_MS);
      }
    };
    tick();
  });
}
