/**
 * The HTTP conformance table: each scenario is one request to the demo server
 * (`examples/jwt-locations`), started with a `JWT_*` environment, and the answer the
 * behaviour contract requires. `conformance.test.ts` runs the table against every
 * framework in `frameworks`. The scenarios live by topic in `scenarios/`; this file
 * concatenates them in the contract's order.
 */
import { cookies } from "./scenarios/cookies.ts";
import { cookiesWritten } from "./scenarios/cookies-written.ts";
import { csrf } from "./scenarios/csrf.ts";
import { customNames } from "./scenarios/custom-names.ts";
import { decoding } from "./scenarios/decoding.ts";
import { decodingOptions } from "./scenarios/decoding-options.ts";
import { fresh } from "./scenarios/fresh.ts";
import { headers } from "./scenarios/headers.ts";
import { jsonBody } from "./scenarios/json.ts";
import { missing } from "./scenarios/missing.ts";
import { neverServerError } from "./scenarios/never-server-error.ts";
import { optional } from "./scenarios/optional.ts";
import { optionsMethod } from "./scenarios/options-method.ts";
import { queryString } from "./scenarios/query-string.ts";
import { routes } from "./scenarios/routes.ts";
import type { Scenario } from "./scenarios/table.ts";

export { missingJwt } from "./scenarios/messages.ts";
export * from "./scenarios/table.ts";

/** The whole table. */
export const scenarios: readonly Scenario[] = [
  ...routes,
  ...missing,
  ...headers,
  ...cookies,
  ...csrf,
  ...queryString,
  ...jsonBody,
  ...customNames,
  ...decoding,
  ...fresh,
  ...optionsMethod,
  ...optional,
  ...decodingOptions,
  ...cookiesWritten,
  ...neverServerError,
];
