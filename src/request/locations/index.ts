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

/**
 * Tries each location in order; the first that yields a token wins. When none does, the
 * request fails with the one location's message, or with all of them for several.
 */
export async function findToken(
  view: RequestView,
  locations: readonly TokenLocation[],
  options: ResolvedOptions,
  refresh: boolean,
): Promise<LocatedToken> {
  const missing: string[] = [];
  for (const location of locations) {
    try {
      const found = await READERS[location](view, options, refresh);
      return { ...found, location };
    } catch (error) {
      if (!(error instanceof NoAuthorizationError)) {
        if (error instanceof JwtExtendedError) error.location ??= location;
        throw error;
      }
      missing.push(error.message);
    }
  }
  const error = new NoAuthorizationError(
    missing.length === 1
      ? (missing[0] as string)
      : `Missing JWT in ${joinLocations(locations)} (${missing.join("; ")})`,
  );
  // A request that could have sent a Bearer token is answered with a Bearer challenge.
  if (locations.includes("headers")) error.location = "headers";
  throw error;
}
