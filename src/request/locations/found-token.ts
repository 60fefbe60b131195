import type { ResolvedOptions } from "../../config/option-table.ts";
import type { RequestView } from "../request-view.ts";

/** A token a location found, with the double-submit value when the location needs one. */
export interface FoundToken {
  /** The encoded token; not a string when a JSON body held something else, refused on decode. */
  readonly token: unknown;
  readonly csrfValue?: string | undefined;
}

/**
 * Reads one location. Throws `NoAuthorizationError` when the location holds no token (the
 * search goes on) and any other error when what it holds is malformed (the search stops).
 */
export type LocationReader = (
  view: RequestView,
  options: ResolvedOptions,
  refresh: boolean,
) => FoundToken | Promise<FoundToken>;
