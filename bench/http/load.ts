import autocannon from "autocannon";
import { type BenchToken, METHOD, ROUTE, requestHeaders, type TokenCarrier } from "../fixture.ts";

/** One timed run of the load generator against one server. */
export interface LoadResult {
  readonly requestsPerSecond: number;
  /** Responses received in the run. */
  readonly requests: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  /** Responses other than 2xx, errors and timeouts: any of them voids the run. */
  readonly failures: number;
}

export interface LoadOptions {
  readonly url: string;
  readonly carrier: TokenCarrier | null;
  /** One token for every request, or a pool that the requests take in turn. */
  readonly tokens: readonly BenchToken[];
  readonly seconds: number;
  readonly connections: number;
}

/** The same request for every contender; the server without authentication gets the bearer header too. */
export const headersFor = (
  carrier: TokenCarrier | null,
  token: BenchToken,
): Record<string, string> => requestHeaders(carrier ?? "header", token);

/**
 * Every request's headers for a pool of tokens: one request after another, across all
 * connections, takes the pool's next token, so no token comes back before the whole pool
 * has been sent.
 */
function rotateTokens(carrier: TokenCarrier | null, tokens: readonly BenchToken[]) {
  const headers = tokens.map((token) => headersFor(carrier, token));
  let next = 0;
  return (request: { headers?: Record<string, string> }) => {
    request.headers = headers[next] as Record<string, string>;
    next = (next + 1) % headers.length;
    return request;
  };
}

const SAMPLE_MS = 100;

/** Drives `url` with autocannon for `seconds` (no pipelining) and returns its figures. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const [first] = options.tokens;
  if (first === undefined) throw new Error("load: no token");
  const result = await autocannon({
    url: `${options.url}${ROUTE}`,
    method: METHOD,
    headers: headersFor(options.carrier, first),
    ...(options.tokens.length > 1
      ? { requests: [{ setupRequest: rotateTokens(options.carrier, options.tokens) }] }
      : {}),
    connections: options.connections,
    pipelining: 1,
    duration: options.seconds,
    // autocannon stops at a sample: at its default of one per second, a run of 0.7 s lasts 1 s.
    sampleInt: SAMPLE_MS,
  });
  return {
    requestsPerSecond: result.requests.total / result.duration,
    requests: result.requests.total,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

/**
 * Checks, before timing, that a server answers the benchmark request with 200 and the
 * identity, and (unless it has no authentication) refuses a request without a token.
 */
export async function checkServer(
  url: string,
  carrier: TokenCarrier | null,
  token: BenchToken,
): Promise<void> {
  const accepted = await fetch(`${url}${ROUTE}`, {
    method: METHOD,
    headers: headersFor(carrier, token),
  });
  const body = (await accepted.json()) as { identity?: unknown };
  if (accepted.status !== 200 || body.identity === undefined) {
    throw new Error(`${url}: the benchmark request got ${accepted.status} ${JSON.stringify(body)}`);
  }
  if (carrier === null) return;
  const refused = await fetch(`${url}${ROUTE}`, { method: METHOD });
  await refused.arrayBuffer();
  if (refused.status !== 401)
    throw new Error(`${url}: a request without a token got ${refused.status}`);
}
