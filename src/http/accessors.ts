import type { TokenLocation } from "../config/option-values.ts";
import { MissingGuardError } from "../errors.ts";
import type { JwtContext } from "../request/verify-request.ts";
import type { JwtHeader, Payload } from "../token/payload.ts";

/**
 * The request-state getters of the Python library (`get_jwt`, `get_jwt_identity`, ...),
 * for a framework whose handlers receive `Req` (a request, a Hono context, a `Request`).
 */
export interface JwtAccessors<Req, Identity, User, Claims extends object> {
  /** The verified token's claims (`{}` on an optional route without a token). */
  getJwt(req: Req): Payload<Claims>;
  /** The verified token's header. */
  getJwtHeader(req: Req): JwtHeader;
  /** The identity claim's value, or `null` without a token. */
  getJwtIdentity(req: Req): Identity | null;
  /** What the user-lookup loader returned, or `null`. */
  getCurrentUser(req: Req): User | null;
  /** Where the token was found, or `null`. */
  getJwtRequestLocation(req: Req): TokenLocation | null;
}

/**
 * The context of a request that a route check verified, found by the adapter's `lookup`.
 * Reading the state of a request that no check verified is a programming error, so the
 * returned function throws rather than answering `null` (which would look anonymous).
 *
 * @example
 * const contexts = new RequestSlot<Request, JwtContext>("my-adapter.context");
 * const contextOf = requireJwtContext((request: Request) => contexts.get(request));
 */
export function requireJwtContext<Req, Identity, User, Claims extends object>(
  lookup: (req: Req) => JwtContext<Identity, User, Claims> | undefined,
): (req: Req) => JwtContext<Identity, User, Claims> {
  return (req) => {
    const context = lookup(req);
    if (context === undefined) {
      throw new MissingGuardError(
        "You must use jwtRequired() or verifyJwtInRequest() before reading the JWT",
      );
    }
    return context;
  };
}

/**
 * Builds the getters over the adapter's own way of finding a request's context (see
 * {@link requireJwtContext}).
 *
 * @example
 * const contexts = new RequestSlot<Request, JwtContext>("my-adapter.context");
 * const { getJwtIdentity } = createJwtAccessors((request: Request) => contexts.get(request));
 */
export function createJwtAccessors<Req, Identity, User, Claims extends object>(
  lookup: (req: Req) => JwtContext<Identity, User, Claims> | undefined,
): JwtAccessors<Req, Identity, User, Claims> {
  const contextOf = requireJwtContext(lookup);
  return {
    getJwt: (req) => contextOf(req).payload,
    getJwtHeader: (req) => contextOf(req).header,
    getJwtIdentity: (req) => contextOf(req).identity,
    getCurrentUser: (req) => contextOf(req).user,
    getJwtRequestLocation: (req) => contextOf(req).location,
  };
}
