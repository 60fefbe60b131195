/** Never a 5xx: malformed input answers a 4xx JSON error. */
import { bearer } from "../../helpers/bearer.ts";
import { signRaw } from "../../helpers/tokens.ts";
import { CSRF_FORM } from "./environments.ts";
import { anyError, jsonObject } from "./expectations.ts";
import { cookieBodyRequest, cookieRequest, headerRequest, json, jsonRaw } from "./requests.ts";
import type { Scenario } from "./table.ts";
import { mint } from "./tokens.ts";

const malformedTokens: ReadonlyArray<readonly [string, string]> = [
  ["two segments", "a.b"],
  ["only dots", "..."],
  ["four segments", "a.b.c.d"],
  ["non-base64 segments", "!!!.@@@.###"],
  ["segments that are not JSON", "eyJ.eyJ.sig"],
  ["a header that is not JSON", signRaw("not json", '{"sub":"example_user"}')],
  ["a payload that is not JSON", signRaw('{"alg":"HS256","typ":"JWT"}', "not json")],
  ["a payload that is an array", signRaw('{"alg":"HS256","typ":"JWT"}', '["sub"]')],
  ["a payload that is a number", signRaw('{"alg":"HS256","typ":"JWT"}', "42")],
  ["a payload that is null", signRaw('{"alg":"HS256","typ":"JWT"}', "null")],
  [
    "an exp that is a string",
    signRaw('{"alg":"HS256","typ":"JWT"}', '{"sub":"example_user","exp":"tomorrow"}'),
  ],
  [
    "an nbf that is a string",
    signRaw('{"alg":"HS256","typ":"JWT"}', '{"sub":"example_user","nbf":"yesterday"}'),
  ],
  ["a header without alg", signRaw('{"typ":"JWT"}', `{"sub":"example_user","type":"access"}`)],
  ["a 12 KB junk value", "a".repeat(12 * 1024)],
];

export const neverServerError: Scenario[] = [
  ...malformedTokens.map(
    ([what, token]): Scenario => ({
      name: `never a 5xx: a header token with ${what}`,
      request: { method: "GET", path: "/protected", headers: bearer(token) },
      expect: anyError("4xx"),
    }),
  ),
  ...malformedTokens.slice(0, 6).map(
    ([what, token]): Scenario => ({
      name: `never a 5xx: a cookie token with ${what}`,
      request: { method: "GET", path: "/protected", cookies: { access_token_cookie: token } },
      expect: anyError("4xx"),
    }),
  ),
  {
    // Past Node's default 16 KB header limit the HTTP server itself may answer 431 before
    // any application code runs: only a 4xx is required here.
    name: "never a 5xx: a 20 KB Authorization header",
    request: { method: "GET", path: "/protected", headers: bearer("a".repeat(20 * 1024)) },
    expect: { status: "4xx" },
  },
  {
    name: "never a 5xx: a 20 KB token in a JSON body",
    request: {
      method: "POST",
      path: "/protected",
      body: json({ access_token: "a".repeat(20 * 1024) }),
    },
    expect: anyError("4xx"),
  },
  ...(
    [
      ["a value with two dots", "jwt=a.b"],
      ["invalid percent escapes", "jwt=%ZZ%"],
      ["percent-encoded bytes that are not UTF-8", "jwt=%FF%FE%FD"],
      ["a truncated percent escape", "jwt=%E0%A4%A"],
      ["the parameter twice", "jwt=a.b.c&jwt=d.e.f"],
      ["an array parameter", "jwt[]=a.b.c&jwt[]=d.e.f"],
      ["an object parameter", "jwt[key]=a.b.c"],
    ] as const
  ).map(
    ([what, query]): Scenario => ({
      name: `never a 5xx: a query string with ${what}`,
      request: { method: "GET", path: "/protected", query },
      expect: anyError("4xx"),
    }),
  ),
  ...(
    [
      ["unparsable JSON", "{"],
      ["an array", "[]"],
      ["null", "null"],
      ["a number", "123"],
      ["a string", '"text"'],
      ["true", "true"],
      ["an empty body", ""],
      ["a numeric access_token", '{"access_token":123}'],
      ["an object access_token", '{"access_token":{"a":1}}'],
      ["an array access_token", '{"access_token":["a.b.c"]}'],
      ["a null access_token", '{"access_token":null}'],
      ["a boolean access_token", '{"access_token":true}'],
      ["a __proto__ key", '{"__proto__":{"access_token":"a.b.c"}}'],
      ["a byte order mark", "\uFEFF{}"],
      ["deep nesting", `${"[".repeat(5000)}${"]".repeat(5000)}`],
    ] as const
  ).map(
    ([what, raw]): Scenario => ({
      name: `never a 5xx: a JSON body that is ${what}`,
      request: { method: "POST", path: "/protected", body: jsonRaw(raw) },
      expect: anyError("4xx"),
    }),
  ),
  {
    name: "never a 5xx: a JSON body in a charset the server cannot read",
    request: {
      method: "POST",
      path: "/protected",
      body: jsonRaw('{"access_token":"a.b.c"}', "application/json; charset=utf-16"),
    },
    expect: anyError("4xx"),
  },
  {
    name: "never a 5xx: a refresh JSON body with a numeric refresh_token",
    request: { method: "POST", path: "/refresh", body: jsonRaw('{"refresh_token":42}') },
    expect: anyError("4xx"),
  },
  ...(
    [
      ["a bad percent encoding", "access_token_cookie=%E0%A4%A"],
      ["a quoted value", 'access_token_cookie="a.b.c"'],
      ["no equals sign", "access_token_cookie"],
      ["only separators", ";;; ;="],
      ["the cookie twice", "access_token_cookie=a.b.c; access_token_cookie=d.e.f"],
    ] as const
  ).map(
    ([what, cookie]): Scenario => ({
      name: `never a 5xx: a Cookie header with ${what}`,
      request: { method: "GET", path: "/protected", headers: { Cookie: cookie } },
      expect: anyError("4xx"),
    }),
  ),
  {
    name: "never a 5xx: a Cookie header with bytes that are not UTF-8",
    request: {
      method: "GET",
      path: "/protected",
      rawHeaders: [["Cookie", "access_token_cookie=\xff\xfe\xfd"]],
    },
    expect: anyError("4xx"),
  },
  {
    name: "never a 5xx: an Authorization header with bytes that are not UTF-8",
    request: {
      method: "GET",
      path: "/protected",
      rawHeaders: [["Authorization", "Bearer \xff\xfe.\xfd.\xfc"]],
    },
    expect: anyError("4xx"),
  },
  {
    name: "never a 5xx: two Authorization headers",
    request: {
      method: "GET",
      path: "/protected",
      rawHeaders: [
        ["Authorization", "Bearer a.b.c"],
        ["Authorization", "Bearer d.e.f"],
      ],
    },
    expect: anyError("4xx"),
  },
  {
    name: "never a 5xx: two X-CSRF-TOKEN headers with a cookie token",
    setup: { token: mint() },
    request: (c) => ({
      method: "POST",
      path: "/protected",
      rawHeaders: [
        ["Cookie", `access_token_cookie=${c.token}`],
        ["X-CSRF-TOKEN", "one"],
        ["X-CSRF-TOKEN", "two"],
      ],
    }),
    expect: anyError("4xx"),
  },
  {
    name: "never a 5xx: a fresh claim that is a string on /fresh",
    setup: { token: mint({ fresh: "yes" }) },
    request: headerRequest("/fresh"),
    expect: { status: "not-5xx", satisfies: jsonObject },
  },
  {
    name: "never a 5xx: a csrf claim that is a number",
    setup: { token: mint({ csrf: 12345 }) },
    request: cookieRequest("POST", () => "12345"),
    expect: { status: "not-5xx", satisfies: jsonObject },
  },
  ...(
    [
      ["a multipart body without a boundary", "multipart/form-data", "csrf_token=x"],
      ["a malformed multipart body", "multipart/form-data; boundary=XyZ", "garbage\r\n--XyZ"],
      [
        "an urlencoded body with bad escapes",
        "application/x-www-form-urlencoded",
        "csrf_token=%ZZ",
      ],
    ] as const
  ).map(
    ([what, contentType, raw]): Scenario => ({
      name: `never a 5xx: JWT_CSRF_CHECK_FORM with ${what}`,
      env: CSRF_FORM,
      setup: { token: mint() },
      request: cookieBodyRequest(() => ({ contentType, raw })),
      expect: anyError("4xx"),
    }),
  ),
];
