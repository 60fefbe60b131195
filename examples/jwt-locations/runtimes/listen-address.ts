/** Where the demo listens: `PORT` (default 5000) and `HOST` (default 127.0.0.1), checked. */
export function listenAddress(env: Readonly<Record<string, string | undefined>>): {
  port: number;
  hostname: string;
} {
  const port = Number(env.PORT ?? 5000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT: expected a port number, got ${env.PORT}`);
  }
  return { port, hostname: env.HOST ?? "127.0.0.1" };
}
