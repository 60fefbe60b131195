import { InvalidHeaderError, NoAuthorizationError } from "../../errors.ts";
import type { FoundToken, LocationReader } from "./found-token.ts";

const WHITESPACE = /\s+/;
const ENTRY_SEPARATOR = /,\s*/;
/** What separates credentials and their words: whitespace or a comma. */
const SEPARATOR = /[\s,]/;

/**
 * The token of the usual header, `<type> <JWT>` and nothing else, whose one entry needs no
 * splitting; `undefined` for any other shape, which the general reading handles.
 */
function singleCredential(value: string, type: string): string | undefined {
  const start = type.length + 1;
  if (value.length <= start || value.charCodeAt(type.length) !== 0x20) return undefined;
  // A type of several words never matches here: the general reading refuses it.
  if (value.slice(0, type.length).toLowerCase() !== type || SEPARATOR.test(type)) {
    return undefined;
  }
  const token = value.slice(start);
  return SEPARATOR.test(token) ? undefined : token;
}

const trimCommas = (value: string): string => {
  let start = 0;
  let end = value.length;
  while (start < end && value[start] === ",") start++;
  while (end > start && value[end - 1] === ",") end--;
  return value.slice(start, end);
};

const words = (value: string): string[] => value.split(WHITESPACE).filter(Boolean);

/**
 * `Authorization: Bearer <JWT>`. The header may hold several comma-separated credentials
 * (`Basic abc, Bearer <JWT>`): exactly one must use the configured type, which is compared
 * case-insensitively as RFC 7235 says of authentication schemes.
 */
export const readHeaders: LocationReader = (view, options): FoundToken => {
  const { headerName, headerType } = options;
  const value = trimCommas(view.header(headerName)?.trim() ?? "");
  if (value.length === 0) {
    throw new NoAuthorizationError(`Missing ${headerName} Header`);
  }
  if (headerType.length === 0) {
    const parts = words(value);
    if (parts.length !== 1) {
      throw new InvalidHeaderError(`Bad ${headerName} header. Expected '${headerName}: <JWT>'`);
    }
    return { token: parts[0] };
  }
  const type = headerType.toLowerCase();
  const single = singleCredential(value, type);
  if (single !== undefined) return { token: single };
  const expected = `Expected '${headerName}: ${headerType} <JWT>'`;
  const entries = value
    .split(ENTRY_SEPARATOR)
    .map(words)
    .filter((parts) => parts[0]?.toLowerCase() === type);
  const [entry] = entries;
  if (entry === undefined || entries.length !== 1) {
    throw new NoAuthorizationError(
      `Missing '${headerType}' type in '${headerName}' header. ${expected}`,
    );
  }
  if (entry.length !== 2) {
    throw new InvalidHeaderError(`Bad ${headerName} header. ${expected}`);
  }
  return { token: entry[1] };
};
