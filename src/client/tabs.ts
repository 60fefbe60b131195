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

/** Records which access tokens a refresh replaced, and tells whether one was. */
export interface ReplacedTokens {
  /** Records that this tab's refresh replaced `token`; resolves once recorded. */
  add(token: string | null): Promise<void>;
  /** Whether a refresh in some tab of the origin replaced `token`. */
  has(token: string | null): Promise<boolean>;
}

/**
 * The access tokens the tabs' refreshes replaced, recorded as Web Locks named after them.
 * A tab's view of `localStorage` (a cache in its renderer) can show another tab's write only
 * after that tab's lock was granted to it; the locks themselves are ordered with the grants,
 * so a mark taken before the refresh lock is released is seen by the tab granted it next.
 * Each tab holds the mark of its last refresh until its next one, or until it closes.
 * Nothing is recorded where the tabs do not share the tokens, lack Web Locks, or in Node.
 */
export function replacedTokens(name: string, shared: boolean): ReplacedTokens {
  const locks = () => (shared && inPage() ? navigator.locks : undefined);
  // The tail of a token (a JWT's signature, a CSRF value) tells it apart; the rest is left out.
  const mark = (token: string | null) => `${name}:replaced:${String(token).slice(-24)}`;
  let release = () => {};
  return {
    add: (token) =>
      new Promise((marked) => {
        // ifAvailable: a mark already held (by this tab or another) is not waited for.
        locks()?.request(mark(token), { ifAvailable: true }, (lock) => {
          marked();
          if (!lock) return;
          release();
          return new Promise<void>((end) => {
            release = end;
          });
        }) ?? marked();
      }),
    has: async (token) =>
      !!(await locks()?.query())?.held?.some((lock) => lock.name === mark(token)),
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
