/** Runs tasks one at a time; the returned promise settles as the task does. */
export type Serializer = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * One task at a time for the whole origin: the Web Lock `name`, held by one tab at a time,
 * so that a refresh or a logout in one tab waits for those of the others. Where Web Locks
 * are missing (older browsers, Node), tasks of this client still run one after the other.
 */
export function originLock(name: string): Serializer {
  let queue: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const locks = globalThis.navigator?.locks;
    // The lock is held until the task's promise settles; its result is the task's.
    if (locks) return locks.request(name, task) as Promise<T>;
    const run = queue.then(task);
    queue = run.catch(() => {});
    return run;
  };
}

/**
 * A BroadcastChannel to the other tabs of the origin: `onLogout` runs when another tab's
 * session ends, and the returned function tells them this tab's did. Nothing happens where
 * BroadcastChannel is missing.
 */
export function tabsChannel(name: string, onLogout: () => void): () => void {
  if (typeof BroadcastChannel !== "function") return () => {};
  const channel = new BroadcastChannel(name);
  channel.onmessage = onLogout;
  // Node's channel would otherwise keep the process alive for as long as the client lives.
  (channel as { unref?(): void }).unref?.();
  return () => channel.postMessage("logout");
}
