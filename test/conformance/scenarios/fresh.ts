/** §4 — routes that require a fresh token. */
import { fromNow } from "../../helpers/tokens.ts";
import { error, ok } from "./expectations.ts";
import { FRESH_REQUIRED } from "./messages.ts";
import { headerRequest } from "./requests.ts";
import type { Scenario } from "./table.ts";
import { mint } from "./tokens.ts";

export const fresh: Scenario[] = [
  // Freshness
  ...(
    [
      ["fresh false", mint({ fresh: false })],
      ["no fresh claim", mint({ fresh: undefined })],
      ["a fresh timestamp in the past", mint({ fresh: fromNow(-60) })],
    ] as const
  ).flatMap(([what, token]) =>
    (["GET", "POST"] as const).map(
      (method): Scenario => ({
        name: `${method} /fresh with ${what}: 401 Fresh token required`,
        setup: { token },
        request: headerRequest("/fresh", method),
        expect: error(401, FRESH_REQUIRED),
      }),
    ),
  ),
  {
    name: "/fresh with a fresh timestamp in the future is accepted",
    setup: { token: mint({ fresh: fromNow(600) }) },
    request: headerRequest("/fresh"),
    expect: ok({ foo: "fresh" }),
  },
  {
    name: "/fresh with fresh true is accepted",
    setup: { token: mint({ fresh: true }) },
    request: headerRequest("/fresh", "POST"),
    expect: ok({ foo: "fresh" }),
  },
  {
    name: "a non-fresh token is enough for /protected",
    setup: { token: mint({ fresh: false }) },
    request: headerRequest(),
    expect: ok({ foo: "bar" }),
  },
];
