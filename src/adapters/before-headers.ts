import type { OutgoingHttpHeaders, ServerResponse } from "node:http";

/** The calls of a node response that can send its headers. */
const SENDERS = ["writeHead", "write", "end", "flushHeaders"] as const;
type Sender = (typeof SENDERS)[number];
type Call = (this: ServerResponse, ...args: unknown[]) => unknown;

/** A response's head as the route left it, when it first tried to send it. */
export interface Head {
  readonly status: number;
  readonly headers: OutgoingHttpHeaders;
}

/** What a decision leaves to do, synchronously, on the head it was given: set headers. */
export type Finish = (() => void) | undefined;

/** What a held call returns at once, as the real one would have. */
const heldResult = (name: Sender, res: ServerResponse): unknown => {
  if (name === "write") return true; // the chunk is kept: no need to wait for "drain"
  if (name === "flushHeaders") return undefined;
  return res;
};

const copyHeaders = (headers: OutgoingHttpHeaders): OutgoingHttpHeaders =>
  Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? [...value] : value,
    ]),
  );

/**
 * Puts back the status and headers of the moment the route first sent: once a response
 * has sent its head, node refuses to change it, and code that runs while the head is held
 * (an error handler after a route that answered and then threw) must not change it either.
 */
function restore(res: ServerResponse, statusMessage: string, head: Head): void {
  for (const name of res.getHeaderNames()) {
    if (!(name in head.headers)) res.removeHeader(name);
  }
  for (const [name, value] of Object.entries(head.headers)) {
    if (value !== undefined) res.setHeader(name, value);
  }
  res.statusCode = head.status;
  res.statusMessage = statusMessage;
}

/**
 * Runs `decide` once, just before `res` sends its headers, where a node response has no
 * asynchronous hook of its own: the first call that would send them (`writeHead`, `write`,
 * `end`, `flushHeaders`) is held, with every call after it, until `decide` has settled;
 * then its `Finish` runs on the head as the route left it, and the held calls run in their
 * order. If `decide` fails, the response goes out as the route made it; it never hangs on
 * more than `decide`. express-session saves a session before the response ends the same way.
 *
 * A `Set-Cookie` passed to `writeHead` itself replaces one the `Finish` set, as it replaces
 * every earlier `setHeader` (node's rule): the route's own cookies win.
 */
export function beforeHeaders(res: ServerResponse, decide: (head: Head) => Promise<Finish>): void {
  let state: "waiting" | "deciding" | "done" = "waiting";
  const held: Array<() => void> = [];

  const replay = (statusMessage: string, head: Head, finish: Finish): void => {
    state = "done";
    Reflect.deleteProperty(res, "headersSent");
    try {
      restore(res, statusMessage, head);
      finish?.();
      for (const call of held.splice(0)) call();
    } catch {
      // A held call would have thrown to the route (say a bad header value); nobody is left
      // to hear it now, and an uncaught error would end the process: end the response.
      res.destroy();
    }
  };

  const hold = (name: Sender, args: readonly unknown[]): void => {
    state = "deciding";
    // As far as the application knows, the head is sent: code that runs meanwhile (Express's
    // error handler after a route that answered and then threw) must not try to send another.
    Object.defineProperty(res, "headersSent", { get: () => true, configurable: true });
    const status = name === "writeHead" && typeof args[0] === "number" ? args[0] : res.statusCode;
    const head: Head = { status, headers: copyHeaders(res.getHeaders()) };
    const statusMessage = res.statusMessage;
    let decision: Promise<Finish>;
    try {
      decision = decide(head);
    } catch {
      decision = Promise.resolve(undefined);
    }
    decision.then(
      (finish) => replay(statusMessage, head, finish),
      () => replay(statusMessage, head, undefined),
    );
  };

  for (const name of SENDERS) {
    const original = res[name] as Call;
    const wrapped: Call = function (this: ServerResponse, ...args: unknown[]): unknown {
      if (state === "done" || (state === "waiting" && this.headersSent)) {
        return original.apply(this, args);
      }
      held.push(() => original.apply(this, args));
      if (state === "waiting") hold(name, args);
      return heldResult(name, this);
    };
    Object.defineProperty(res, name, { value: wrapped, writable: true, configurable: true });
  }
}
