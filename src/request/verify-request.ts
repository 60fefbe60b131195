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
import type { CoreLoaders, JwtResponse } from "../loaders.ts";
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

/** What the pipeline needs from the manager. */
export interface VerificationDeps {
  readonly options: ResolvedOptions;
  readonly loaders: CoreLoaders;
  decode(token: unknown, csrfValue: string | undefined): Promise<DecodedJwt>;
  /** The revocation store's check, when the manager has a store; it may throw a 503 error. */
  isRevoked?: ((payload: JwtPayload) => Promise<boolean>) | undefined;
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
 */
export async function verifyRequest(
  view: RequestView,
  route: CompiledRoute,
  deps: VerificationDeps,
): Promise<JwtContext> {
  let located: Awaited<ReturnType<typeof findToken>>;
  try {
    located = await findToken(view, route.locations, deps.options, route.refresh);
  } catch (error) {
    if (route.optional && error instanceof NoAuthorizationError) return EMPTY_CONTEXT;
    throw error;
  }
  try {
    return await checkFoundToken(located, route, deps);
  } catch (error) {
    // The failure is about this location's token: a 401 about the header gets a challenge.
    if (error instanceof JwtExtendedError) error.location ??= located.location;
    throw error;
  }
}

/** Decodes and checks the token a location yielded (BEHAVIOR.md §4, in order). */
async function checkFoundToken(
  located: LocatedToken,
  route: CompiledRoute,
  deps: VerificationDeps,
): Promise<JwtContext> {
  const decoded = await deps.decode(located.token, located.csrfValue);
  const { header, payload } = decoded;
  const { loaders } = deps;
  if (route.verifyType) checkType(decoded, route.refresh);
  if (route.fresh) checkFresh(decoded);
  if (!route.skipRevocationCheck) {
    if (deps.isRevoked && (await deps.isRevoked(payload)))
      failWith(new RevokedTokenError(), decoded);
    // The blocklist is asked about a named token only: see withTokenId.
    if (
      loaders.tokenInBlocklist &&
      (await loaders.tokenInBlocklist(header, withTokenId(payload)))
    ) {
      failWith(new RevokedTokenError(), decoded);
    }
  }
  if (loaders.tokenVerification && !(await loaders.tokenVerification(header, payload))) {
    failWith(new UserClaimsVerificationError(), decoded);
  }
  const identity = payload[deps.options.identityClaim];
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
