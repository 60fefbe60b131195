/** The order Express lists a route's methods in. */
const ORDER = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

/**
 * The `Allow` value for OPTIONS on a route with these methods (a GET route answers HEAD
 * too), or `undefined` when the path has no route. Express answers OPTIONS by itself; the
 * other demos answer it with this, so that OPTIONS reaches no JWT check on any of them.
 *
 * @example
 * allowedMethods(["POST", "GET"]); // "GET, HEAD, POST"
 */
export function allowedMethods(methods: Iterable<string>): string | undefined {
  const given = new Set([...methods].map((method) => method.toUpperCase()));
  if (given.has("GET")) given.add("HEAD");
  const allowed = ORDER.filter((method) => given.has(method));
  return allowed.length > 0 ? allowed.join(", ") : undefined;
}

/** The methods `/protected` answers with the same handler, on every demo (BEHAVIOR.md §7). */
export const PROTECTED_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** A route-table entry answering each of `methods` with one handler. */
export const sameForMethods = <Handler>(
  methods: readonly string[],
  handler: Handler,
): Record<string, Handler> => Object.fromEntries(methods.map((method) => [method, handler]));
