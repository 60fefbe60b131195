import { type DemoFramework, startDemoServer } from "../../examples/jwt-locations/server.ts";

export type { DemoFramework };

export interface RunningDemo {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the demo server of `examples/jwt-locations` on a free loopback port, configured
 * from a `JWT_*` record exactly as `npm start` is configured from the environment.
 */
export async function startDemo(
  options: { env?: Record<string, string>; framework?: DemoFramework } = {},
): Promise<RunningDemo> {
  return startDemoServer({
    env: { JWT_SECRET_KEY: "test-secret-that-is-long-enough-for-hs256!", ...options.env },
    framework: options.framework ?? "express",
    host: "127.0.0.1",
    port: 0,
    quiet: true,
  });
}
