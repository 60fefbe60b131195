import { InvalidQueryParamError, NoAuthorizationError } from "../../errors.ts";
import type { FoundToken, LocationReader } from "./found-token.ts";

/** `?jwt=<prefix><JWT>`. Discouraged: query strings end up in logs and browser history. */
export const readQueryString: LocationReader = (view, options): FoundToken => {
  const { queryStringName: name, queryStringValuePrefix: prefix } = options;
  const value = view.query(name);
  if (!value) {
    // "paramater" is the Python library's spelling, kept so clients matching on it still work.
    throw new NoAuthorizationError(`Missing '${name}' query paramater`);
  }
  if (!value.startsWith(prefix)) {
    throw new InvalidQueryParamError(
      `Invalid value for query parameter '${name}'. Expected the value to start with '${prefix}'`,
    );
  }
  return { token: value.slice(prefix.length) };
};
