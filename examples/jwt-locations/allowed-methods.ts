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
