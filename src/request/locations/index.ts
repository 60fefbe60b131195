import type { ResolvedOptions } from "../../config/option-table.ts";
import type { TokenLocation } from "../../config/option-values.ts";
import { JwtExtendedError, NoAuthorizationError } from "../../errors.ts";
import type { RequestView } from "../request-view.ts";
import { readCookies } from "./cookies.ts";
import type { FoundToken, LocationReader } from "./found-token.ts";
import { readHeaders } from "./headers.ts";
import { readJson } from "./json.ts";
import { readQueryString } from "./query-string.ts";

const READERS: Readonly<Record<TokenLocation, LocationReader>> = {
  headers: readHeaders,
  cookies: readCookies,
  query_string: readQueryString,
  json: readJson,
};

/** The token found, and where. */
export interface LocatedToken extends FoundToken {
  readonly location: TokenLocation;
}

const joinLocations = (locations: readonly TokenLocation[]): string =>
  locations.length === 1
    ? (locations[0] as string)
    : `${locations.slice(0, -1).join(", ")} or ${locations[locations.length - 1]}`;

// Built field by field: spreading a reader's result costs more than the rest of a hit.
const located = ({ token, csrfValue }: FoundToken, location: TokenLocation): LocatedToken => ({
  token,
  csrfValue,
  location,
});

/** Notes a location that held no token; rethrows what is not about a missing token. */
function noteMissing(error: unknown, location: TokenLocation, missing: string[]): void {
  if (!(error instanceof NoAuthorizationError)) {
    if (error instanceof JwtExtendedError) error.location ??= location;
    throw error;
  }
  missing.push(error.message);
}

function noToken(locations: readonly TokenLocation[], missing: readonly string[]): never {
  const error = new NoAuthorizationError(
    missing.length === 1
      ? (missing[0] as string)
      : `Missing JWT in ${joinLocations(locations)} (${missing.join("; ")})`,
  );
  // A request that could have sent a Bearer token is answered with a Bearer challenge.
  if (locations.includes("headers")) error.location = "headers";
  throw error;
}

/**
 * Tries each location in order from `start`; the first that yields a token wins. When none
 * does, the request fails with the one location's message, or with all of them for
 * several. Answers at once (no promise) unless a location must read the body.
 */
function findFrom(
  view: RequestView,
  locations: readonly TokenLocation[],
  options: ResolvedOptions,
  refresh: boolean,
  start: number,
  missing: string[],
): LocatedToken | Promise<LocatedToken> {
  for (let index = start; index < locations.length; index++) {
    const location = locations[index] as TokenLocation;
    let found: FoundToken | Promise<FoundToken>;
    try {
      found = READERS[location](view, options, refresh);
    } catch (error) {
      noteMissing(error, location, missing);
      continue;
    }
    if (!(found instanceof Promise)) return located(found, location);
    return found.then(
      (token) => located(token, location),
      (error: unknown) => {
        noteMissing(error, location, missing);
        return findFrom(view, locations, options, refresh, index + 1, missing);
      },
    );
  }
  return noToken(locations, missing);
}

/**
 * Tries each location in order; the first that yields a token wins. When none does, the
 * request fails with the one location's message, or with all of them for several. The
 * result is a promise only when a location had to read the body; a failure is thrown, or
 * rejected when it came after the body.
 */
export const findToken = (
  view: RequestView,
  locations: readonly TokenLocation[],
  options: ResolvedOptions,
  refresh: boolean,
): LocatedToken | Promise<LocatedToken> => findFrom(view, locations, options, refresh, 0, []);
