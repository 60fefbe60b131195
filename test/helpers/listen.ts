import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";

/** A real HTTP server on a free loopback port. */
export interface Listening {
  url: string;
  close(): Promise<void>;
}

/** Serves `handler` (an Express app, or any Node.js request listener) on 127.0.0.1. */
export function listen(handler: RequestListener): Promise<Listening> {
  const server = createServer(handler);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
