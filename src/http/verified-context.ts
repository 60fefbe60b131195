import type { TokenLocation } from "../config/option-values.ts";
import type { JwtContext } from "../request/verify-request.ts";

/**
 * The context behind a required guard, where a token was verified: the identity is there,
 * and so is the user when a user-lookup loader is installed (a lookup that finds nobody is
 * refused before the handler runs). Handlers read them without a null check.
 *
 * @example
 * const handler = (jwt: VerifiedContext<string, User>) => jwt.user.name;
 */
export interface VerifiedContext<
  Identity = unknown,
  User = unknown,
  Claims extends object = Record<string, unknown>,
> extends JwtContext<Identity, User, Claims> {
  readonly identity: Identity;
  /** What the user-lookup loader returned (`null` only when no such loader is installed). */
  readonly user: User;
  readonly location: TokenLocation;
}

/**
 * Route options whose guard always verifies a token (not `optional`): its handlers get a
 * {@link VerifiedContext}.
 */
export interface RequiredRoute {
  readonly optional?: false | undefined;
}

/**
 * Whether a guard verified a token for this context (an optional route without one gets
 * an anonymous context), narrowing it to a {@link VerifiedContext}.
 *
 * @example
 * if (isVerified(context)) greet(context.identity);
 */
export function isVerified<Identity, User, Claims extends object>(
  context: JwtContext<Identity, User, Claims>,
): context is VerifiedContext<Identity, User, Claims> {
  return context.location !== null;
}
