// The part of autocannon's API the bench uses (the package ships no types).
declare module "autocannon" {
  interface Options {
    url: string;
    method?: string;
    headers?: Record<string, string>;
    connections?: number;
    pipelining?: number;
    duration?: number;
    /** Milliseconds between samples; a run stops at the first sample after `duration`. */
    sampleInt?: number;
    /** Each request may be rewritten before it is sent (here: its headers). */
    requests?: Array<{
      setupRequest?: (request: { headers?: Record<string, string> }) => {
        headers?: Record<string, string>;
      };
    }>;
  }
  interface Histogram {
    average: number;
    p50: number;
    p99: number;
    total: number;
  }
  interface Result {
    requests: Histogram;
    latency: Histogram;
    non2xx: number;
    errors: number;
    timeouts: number;
    /** How long the run lasted, in seconds. */
    duration: number;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
