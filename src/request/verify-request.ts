import type { ResolvedOptions } from "../config/option-table.ts";
import type { TokenLocation } from "../config/option-values.ts";
import {
  FreshTokenRequiredError,
  JwtExtendedError,
  NoAuthorizationError,
  RevokedTokenError,
  UserClaimsVerificationError,
  UserLookupError,
  WrongTokenError,
} from "../errors.ts";
import type { CoreLoaders, JwtResponse, MaybePromise } from "../loaders.ts";
import type { Revocation } from "../revocation/revocation.ts";
import type { TokenCodec } from "../token/codec.ts";
import { withTokenId } from "../token/id.ts";
import type { DecodedJwt, JwtHeader, JwtPayload, Payload } from "../token/payload.ts";
import { findToken, type LocatedToken } from "./locations/index.ts";
import type { RequestView } from "./request-view.ts";
import type { CompiledRoute } from "./route-options.ts";

/** What a protected route knows of its request once the token passed every check. */
export interface JwtContext<
  Identity = unknown,
  User = unknown,
  Claims extends object = Record<string, unknown>,
> {
  /** The token's claims; `{}` on an optional route that got no token. */
  readonly payload: Payload<Claims>;
  readonly header: JwtHeader;
  /** Where the token was found; `null` when there was none. */
  readonly location: TokenLocation | null;
  /** The identity claim's value; `null` when there was no token. */
  readonly identity: Identity | null;
  /** What the user-lookup loader returned; `null` without loader or token. */
  readonly user: User | null;
}

/** The state of a request to an optional route that carried no token. */
export const EMPTY_CONTEXT: JwtContext<never, never, never> = Object.freeze({
  payload: Object.freeze({}) as Payload<never>,
  header: Object.freeze({}) as JwtHeader,
  location: null,
  identity: null,
  user: null,
});

/** An optional route lets a request without any token through; other failures are thrown. */
function noToken(error: unknown, route: CompiledRoute): JwtContext {
  if (route.optional && error instanceof NoAuthorizationError) return EMPTY_CONTEXT;
  throw error;
}

const failWith = (error: JwtExtendedError, decoded: DecodedJwt): never => {
  error.jwt = decoded;
  throw error;
};

const describeIdentity = (identity: unknown): string =>
  typeof identity === "string" ? identity : (JSON.stringify(identity) ?? String(identity));

function checkType(decoded: DecodedJwt, refresh: boolean): void {
  const type = decoded.payload.type;
  if (refresh && type !== "refresh")
    failWith(new WrongTokenError("Only refresh tokens are allowed"), decoded);
  if (!refresh && type === "refresh") {
    failWith(new WrongTokenError("Only non-refresh tokens are allowed"), decoded);
  }
}

function checkFresh(decoded: DecodedJwt): void {
  const fresh = decoded.payload.fresh;
  const isFresh = typeof fresh === "number" ? fresh >= Date.now() / 1000 : fresh === true;
  if (!isFresh) failWith(new FreshTokenRequiredError(), decoded);
}

/**
 * What a route guard answers to an `OPTIONS` request, before looking for a token: an empty
 * 204, on required and optional routes alike. Flask answers `OPTIONS` itself and never runs
 * the view; a guard in front of a handler that takes every method (`app.all`, a whole
 * `fetch` handler) must not run it either, with no token and so no identity. A CORS
 * preflight is answered by CORS middleware placed before the guard.
 */
export function optionsAnswer(view: RequestView): JwtResponse | undefined {
  return view.method === "OPTIONS" ? { status: 204, body: null } : undefined;
}

/**
 * The contract's verification order (BEHAVIOR.md §3–4): find, decode (with the CSRF
 * compare), type, freshness, revocation, claims verification, user lookup. Only a request
 * that passes all of them gets a context. `OPTIONS` is verified like any other method: a
 * handler that calls this on a required route gets a context only with a valid token (the
 * route guards answer `OPTIONS` before verifying, see {@link optionsAnswer}).
 *
 * Built once per manager, with the codec, the revocation (when there is a store) and the
 * loaders record the manager's registration methods fill.
 */
export class RequestVerifier {
  readonly #options: ResolvedOptions;
  readonly #loaders: CoreLoaders;
  readonly #codec: TokenCodec;
  readonly #revocation: Revocation | undefined;

  constructor(
    options: ResolvedOptions,
    loaders: CoreLoaders,
    codec: TokenCodec,
    revocation: Revocation | undefined,
  ) {
    this.#options = options;
    this.#loaders = loaders;
    this.#codec = codec;
    this.#revocation = revocation;
  }

  /** Finds and verifies the request's token as `route` demands; throws a `JwtExtendedError`. */
  async verify(view: RequestView, route: CompiledRoute): Promise<JwtContext> {
    return this.verifyNow(view, route);
  }

  /**
   * {@link verify}, answering at once when nothing needs awaiting: no body to read, keys
   * configured, no store, no blocklist, claims or user loader. The context, or a thrown
   * error; otherwise a promise. Adapters' guards call it on every request.
   */
  verifyNow(view: RequestView, route: CompiledRoute): JwtContext | Promise<JwtContext> {
    let located: LocatedToken | Promise<LocatedToken>;
    try {
      located = findToken(view, route.locations, this.#options, route.refresh);
    } catch (error) {
      return noToken(error, route);
    }
    if (located instanceof Promise) {
      return located.then(
        (found) => this.#checkAt(found, route),
        (error: unknown) => noToken(error, route),
      );
    }
    return this.#checkAt(located, route);
  }

  /** {@link #check}, its failures tagged with the location the token came from. */
  #checkAt(located: LocatedToken, route: CompiledRoute): JwtContext | Promise<JwtContext> {
    // The failure is about this location's token: a 401 about the header gets a challenge.
    const tag = (error: unknown): never => {
      if (error instanceof JwtExtendedError) error.location ??= located.location;
      throw error;
    };
    try {
      const checked = this.#check(located, route);
      return checked instanceof Promise ? checked.catch(tag) : checked;
    } catch (error) {
      return tag(error);
    }
  }

  /**
   * Whether a verified token was revoked: by the store (one round trip; it may throw a 503
   * error), then by the blocklist loader. `false` at once, with nothing to await, when
   * neither is configured. Implicit refresh asks it again after the route.
   */
  isRevoked({ header, payload }: DecodedJwt): MaybePromise<boolean> {
    const revocation = this.#revocation;
    if (revocation === undefined) return this.#listed(header, payload);
    const stored = revocation.isRevoked(payload);
    if (this.#loaders.tokenInBlocklist === undefined) return stored;
    return stored.then((revoked) => revoked || this.#listed(header, payload));
  }

  /** The blocklist loader's answer; `false` without one. */
  #listed(header: JwtHeader, payload: JwtPayload): MaybePromise<boolean> {
    const blocklist = this.#loaders.tokenInBlocklist;
    if (blocklist === undefined) return false;
    // The blocklist is asked about a named token only: see withTokenId.
    return blocklist(header, withTokenId(payload));
  }

  /** Decodes and checks the token a location yielded (BEHAVIOR.md §4, in order). */
  #check(located: LocatedToken, route: CompiledRoute): JwtContext | Promise<JwtContext> {
    const decoded = this.#codec.decodeNow(located.token, located.csrfValue, false);
    if (decoded instanceof Promise) {
      return decoded.then((value) => this.#rules(value, located, route));
    }
    return this.#rules(decoded, located, route);
  }

  /** The route's rules after decoding: type, freshness, then the loaders' checks. */
  #rules(
    decoded: DecodedJwt,
    located: LocatedToken,
    route: CompiledRoute,
  ): JwtContext | Promise<JwtContext> {
    if (route.verifyType) checkType(decoded, route.refresh);
    if (route.fresh) checkFresh(decoded);
    const revoked = route.skipRevocationCheck ? false : this.isRevoked(decoded);
    const loaders = this.#loaders;
    if (revoked === false && !loaders.tokenVerification && !loaders.userLookup) {
      const { header, payload } = decoded;
      const identity = payload[this.#options.identityClaim];
      return { payload, header, location: located.location, identity, user: null };
    }
    return this.#loaderChecks(decoded, located, revoked);
  }

  /** Revocation, claims verification and user lookup, each awaited in order. */
  async #loaderChecks(
    decoded: DecodedJwt,
    located: LocatedToken,
    revoked: MaybePromise<boolean>,
  ): Promise<JwtContext> {
    const { header, payload } = decoded;
    const loaders = this.#loaders;
    if (revoked !== false && (await revoked)) failWith(new RevokedTokenError(), decoded);
    if (loaders.tokenVerification && !(await loaders.tokenVerification(header, payload))) {
      failWith(new UserClaimsVerificationError(), decoded);
    }
    const identity = payload[this.#options.identityClaim];
    let user: unknown = null;
    if (loaders.userLookup) {
      user = (await loaders.userLookup(header, payload)) ?? null;
      if (user === null)
        failWith(
          new UserLookupError(`Error loading the user ${describeIdentity(identity)}`),
          decoded,
        );
    }
    return { payload, header, location: located.location, identity, user };
  }
}
