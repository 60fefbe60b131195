/** §4 — OPTIONS requests get no JWT error. */
import { noJwtError } from "./expectations.ts";
import { headerRequest } from "./requests.ts";
import type { Scenario } from "./table.ts";
import { EXPIRED_TOKEN, mint } from "./tokens.ts";

export const optionsMethod: Scenario[] = [
  // OPTIONS
  ...(["/protected", "/fresh", "/whoami", "/only_headers", "/refresh", "/optional"] as const).map(
    (path): Scenario => ({
      name: `OPTIONS ${path} without a token gets no JWT error`,
      request: { method: "OPTIONS", path },
      expect: noJwtError,
    }),
  ),
  {
    name: "OPTIONS /protected with an expired token gets no JWT error",
    setup: { token: EXPIRED_TOKEN },
    request: headerRequest("/protected", "OPTIONS"),
    expect: noJwtError,
  },
  {
    name: "OPTIONS /protected with a cookie and no CSRF header gets no JWT error",
    setup: { token: mint() },
    request: (c) => ({
      method: "OPTIONS",
      path: "/protected",
      cookies: { access_token_cookie: c.token },
    }),
    expect: noJwtError,
  },
];
