import { InvalidHeaderError, NoAuthorizationError } from "../../errors.ts";
import type { FoundToken, LocationReader } from "./found-token.ts";

const WHITESPACE = /\s+/;
const ENTRY_SEPARATOR = /,\s*/;
/** `<type> <JWT>` and nothing else: the usual header, whose one entry needs no splitting. */
const SINGLE_CREDENTIAL = /^([^\s,]+) ([^\s,]+)$/;

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
  const single = SINGLE_CREDENTIAL.exec(value);
  if (single !== null && single[1]?.toLowerCase() === type) return { token: single[2] };
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
