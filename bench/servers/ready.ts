/**
 * The small contract between a bench server and the runner that starts it: the port comes
 * from `PORT`, the server listens on loopback only and says "ready" over the IPC channel,
 * and it answers "cpu" with the CPU time it has used so far, in microseconds.
 */
export const HOST = "127.0.0.1";

export function portFromEnv(): number {
  const port = Number(process.env.PORT);
  if (!Number.isInteger(port) || port <= 0) throw new Error("PORT must be set to a port number");
  return port;
}

export function announceReady(): void {
  // A clean exit on stop, so that `node --cpu-prof` writes its profile.
  process.once("SIGTERM", () => process.exit(0));
  process.on("message", (message) => {
    if (message !== "cpu") return;
    const { user, system } = process.cpuUsage();
    process.send?.({ cpuMicros: user + system });
  });
  process.send?.("ready");
}
