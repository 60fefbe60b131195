/**
 * Whether this is a page, whose tabs belong to one user. A Node process serves many users:
 * there, one client's logout must not end the others' sessions, so nothing is shared.
 */
const inPage = (): boolean => typeof document === "object";

/** Runs tasks one at a time; the returned promise settles as the task does. */
export type Serializer = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * One task at a time for the whole origin: the Web Lock `name`, held by one tab at a time,
 * so that a refresh or a logout in one tab waits for those of the others. Where Web Locks
 * are missing (older browsers) or there is no page (Node), tasks of this client still run
 * one after the other.
 */
export function originLock(name: string): Serializer {
  let queue: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const locks = inPage() ? navigator.locks : undefined;
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
 * BroadcastChannel is missing or there is no page.
 */
export function tabsChannel(name: string, onLogout: () => void): () => void {
  if (!inPage() || typeof BroadcastChannel !== "function") return () => {};
  const channel = new BroadcastChannel(name);
  channel.onmessage = onLogout;
  return () => channel.postMessage("logout");
}
