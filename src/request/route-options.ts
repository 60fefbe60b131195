import { checkOptionsArgument } from "../config/arguments.ts";
import type { ResolvedOptions } from "../config/option-table.ts";
import { TOKEN_LOCATIONS, type TokenLocation } from "../config/option-values.ts";
import { ConfigurationError } from "../errors.ts";

/** How one route is protected; the arguments of `jwtRequired`. */
export interface RouteOptions {
  /** Let requests without any token through (a present but bad token still fails). @default false */
  optional?: boolean;
  /** Require a fresh access token. @default false */
  fresh?: boolean;
  /** Require a refresh token instead of an access token. @default false */
  refresh?: boolean;
  /** Where to look on this route, instead of `tokenLocation`. */
  locations?: TokenLocation | readonly TokenLocation[];
  /** Check the token's type against `refresh`. @default true */
  verifyType?: boolean;
  /** Do not ask the blocklist loader or the revocation store. @default false */
  skipRevocationCheck?: boolean;
}

/** Route options checked once, when the route is declared. */
export interface CompiledRoute {
  readonly optional: boolean;
  readonly fresh: boolean;
  readonly refresh: boolean;
  readonly locations: readonly TokenLocation[];
  readonly verifyType: boolean;
  readonly skipRevocationCheck: boolean;
}

/** Applies defaults to a route's options and refuses unknown locations at declaration time. */
export function compileRoute(route: RouteOptions, options: ResolvedOptions): CompiledRoute {
  checkOptionsArgument(route, "route options");
  let locations = options.tokenLocation;
  if (route.locations !== undefined) {
    const list: readonly unknown[] = Array.isArray(route.locations)
      ? route.locations
      : [route.locations];
    if (
      list.length === 0 ||
      list.some((item) => !TOKEN_LOCATIONS.includes(item as TokenLocation))
    ) {
      throw new ConfigurationError(
        `locations: expected one or more of ${TOKEN_LOCATIONS.join(", ")}, got ${JSON.stringify(route.locations)}`,
      );
    }
    locations = list as readonly TokenLocation[];
  }
  return Object.freeze({
    optional: route.optional ?? false,
    fresh: route.fresh ?? false,
    refresh: route.refresh ?? false,
    locations,
    verifyType: route.verifyType ?? true,
    skipRevocationCheck: route.skipRevocationCheck ?? false,
  });
}
