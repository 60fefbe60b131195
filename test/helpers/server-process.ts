/**
 * What the helpers that run a real server for tests (redis-server.ts, postgres-server.ts)
 * hand back: the server on a free loopback port, to stop, start again, freeze and close.
 * What survives a restart is each server's own, and is said in its helper.
 */
export interface ServerProcess {
  /** How a client reaches the server. */
  readonly url: string;
  readonly port: number;
  /** Stops the server and waits until it is down. */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  /** Suspends every server process (SIGSTOP): connections stay open, nothing is answered. */
  freeze(): void;
  /** Resumes a frozen server. */
  thaw(): void;
  /** Stops the server and removes its directory. */
  close(): Promise<void>;
}
