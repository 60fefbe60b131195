import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { Socket } from "node:net";

/** The calls of a node response that can send its headers. */
const SENDERS = ["writeHead", "write", "end", "flushHeaders"] as const;
/** The calls node refuses once the headers are sent. */
const HEAD_CHANGES = ["setHeader", "appendHeader", "removeHeader", "setHeaders"] as const;
type Sender = (typeof SENDERS)[number];
type Method<This> = (this: This, ...args: unknown[]) => unknown;

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

/** Node's own refusal of a change to a head already sent. */
const headersSent = (): Error =>
  Object.assign(new Error("Cannot set headers after they are sent to the client"), {
    code: "ERR_HTTP_HEADERS_SENT",
  });

/** Replaces `target[name]` by an own property wrapping it (nothing if it has none). */
function wrap<This extends object>(
  target: This,
  name: string,
  wrapper: (original: Method<This>) => Method<This>,
): void {
  const original: unknown = Reflect.get(target, name);
  if (typeof original !== "function") return;
  const value = wrapper(original as Method<This>);
  Object.defineProperty(target, name, { value, writable: true, configurable: true });
}

/**
 * Holds a close of the connection that the application asks for while the head is held
 * (Express's final handler closes it after a route that answered and then threw): the
 * answer the route gave goes out first, as it would have without the hold. A close for a
 * failure of the connection itself is not held. `release` puts the socket back and closes
 * it once the response is out, if a close was asked for.
 */
function holdClose(res: ServerResponse, socket: Socket | null): () => void {
  if (socket === null) return () => {};
  const own = Object.getOwnPropertyDescriptor(socket, "destroy");
  let asked = false;
  wrap(
    socket,
    "destroy",
    (original) =>
      function (this: Socket, ...args: unknown[]): unknown {
        if (args[0] != null) return original.apply(this, args);
        asked = true;
        return this;
      },
  );
  return () => {
    if (own) Object.defineProperty(socket, "destroy", own);
    else Reflect.deleteProperty(socket, "destroy");
    if (!asked) return;
    if (res.writableEnded && !res.writableFinished) res.once("finish", () => socket.destroy());
    else socket.destroy();
  };
}

/**
 * Runs `decide` once, just before `res` sends its headers, where a node response has no
 * asynchronous hook of its own: the first call that would send them (`writeHead`, `write`,
 * `end`, `flushHeaders`) is held, with every call after it, until `decide` has settled;
 * then its `Finish` runs on the head as the route left it, and the held calls run in their
 * order. If `decide` fails, the response goes out as the route made it; it never hangs on
 * more than `decide`. express-session saves a session before the response ends the same way.
 *
 * While the head is held, the response behaves as one whose head is sent: `headersSent` is
 * true, a change to its headers throws as node's does, and a close of the connection waits
 * for the held answer. Code that runs meanwhile (Express's error handling after a route that
 * answered and then threw) sees what it would have seen without the hold.
 *
 * A `Set-Cookie` passed to `writeHead` itself replaces one the `Finish` set, as it replaces
 * every earlier `setHeader` (node's rule): the route's own cookies win.
 */
export function beforeHeaders(res: ServerResponse, decide: (head: Head) => Promise<Finish>): void {
  let state: "waiting" | "deciding" | "done" = "waiting";
  const held: Array<() => void> = [];

  const replay = (statusMessage: string, head: Head, finish: Finish, release: () => void) => {
    state = "done";
    Reflect.deleteProperty(res, "headersSent");
    try {
      // The route's error handling may have set another status meanwhile, which node
      // would have ignored once the head was sent.
      res.statusCode = head.status;
      res.statusMessage = statusMessage;
      finish?.();
      for (const call of held.splice(0)) call();
    } catch {
      // A held call would have thrown to the route (say a bad header value); nobody is left
      // to hear it now, and an uncaught error would end the process: end the response.
      res.destroy();
    }
    release();
  };

  const hold = (name: Sender, args: readonly unknown[]): void => {
    state = "deciding";
    Object.defineProperty(res, "headersSent", { get: () => true, configurable: true });
    const release = holdClose(res, res.socket);
    const status = name === "writeHead" && typeof args[0] === "number" ? args[0] : res.statusCode;
    const head: Head = { status, headers: res.getHeaders() };
    const statusMessage = res.statusMessage;
    let decision: Promise<Finish>;
    try {
      decision = decide(head);
    } catch {
      decision = Promise.resolve(undefined);
    }
    decision.then(
      (finish) => replay(statusMessage, head, finish, release),
      () => replay(statusMessage, head, undefined, release),
    );
  };

  // The first call that would send the head is held, and so is every call after it.
  const holdSender =
    (name: Sender) =>
    (original: Method<ServerResponse>): Method<ServerResponse> =>
      function (this: ServerResponse, ...args: unknown[]): unknown {
        if (state === "done" || (state === "waiting" && this.headersSent)) {
          return original.apply(this, args);
        }
        if (state === "deciding" && name === "writeHead") throw headersSent();
        held.push(() => original.apply(this, args));
        if (state === "waiting") hold(name, args);
        return heldResult(name, this);
      };
  // A held head is as good as sent: node refuses to change it.
  const refuseWhileHeld = (original: Method<ServerResponse>): Method<ServerResponse> =>
    function (this: ServerResponse, ...args: unknown[]): unknown {
      if (state === "deciding") throw headersSent();
      return original.apply(this, args);
    };

  for (const name of SENDERS) wrap(res, name, holdSender(name));
  for (const name of HEAD_CHANGES) wrap(res, name, refuseWhileHeld);
}
