import { NoAuthorizationError } from "../../errors.ts";
import { isFalsyInPython } from "../python-truth.ts";
import { readWithinLimit } from "./body-limit.ts";
import type { FoundToken, LocationReader } from "./found-token.ts";

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** Whether a Content-Type names JSON: `application/json` or any `application/*+json`. */
export const isJsonContentType = (contentType: string | undefined): boolean =>
  contentType !== undefined && JSON_TYPE.test(contentType.trim());

/** `{"access_token": "<JWT>"}` in a JSON body (`refresh_token` on refresh routes). */
export const readJson: LocationReader = async (view, options, refresh): Promise<FoundToken> => {
  if (!isJsonContentType(view.header("content-type"))) {
    throw new NoAuthorizationError("Invalid content-type. Must be application/json.");
  }
  const key = refresh ? options.refreshJsonKey : options.jsonKey;
  const body = await readWithinLimit(view, options, () => view.json());
  const token =
    body !== null && typeof body === "object" && !Array.isArray(body) && Object.hasOwn(body, key)
      ? (body as Record<string, unknown>)[key]
      : undefined;
  // What Python deems empty is missing, as the peer reads it; any other value that is not a
  // token string is refused when decoding (422), as the peer does.
  if (isFalsyInPython(token)) {
    throw new NoAuthorizationError(`Missing "${key}" key in json data.`);
  }
  return { token };
};
