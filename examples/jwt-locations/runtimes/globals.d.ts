/**
 * The few runtime globals the demo's entry files use, declared here so that the project
 * type-checks without each runtime's own type package.
 */

interface RuntimeServer {
  readonly port: number;
}

declare const Bun: {
  readonly env: Record<string, string | undefined>;
  serve(options: {
    port: number;
    hostname: string;
    fetch: (request: Request) => Response | Promise<Response>;
  }): RuntimeServer;
};

declare const Deno: {
  readonly env: { toObject(): Record<string, string> };
  serve(
    options: { port: number; hostname: string; onListen?: (address: { port: number }) => void },
    handler: (request: Request) => Response | Promise<Response>,
  ): { finished: Promise<void> };
};
