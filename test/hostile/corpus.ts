/**
 * The named hostile corpus: requests a property test is unlikely to produce by chance
 * (control characters on a raw socket, a 10 MB body, two header lines, look-alike cookie
 * names holding a valid token), each with the answer it must get.
 */
import { forge, unsigned } from "../helpers/jws.ts";
import { DEMO_SECRET } from "../helpers/tokens.ts";
import { CANARY } from "./arbitraries.ts";
import { type HostileClient, type Reply, utf8Bytes } from "./client.ts";

/** What a corpus entry can use: a client, valid credentials, an attacker's server. */
export interface CorpusContext {
  readonly client: HostileClient;
  /** A valid access token, and a Cookie header holding a valid access token cookie. */
  readonly valid: { readonly access: string; readonly cookie: string };
  /** An URL on a loopback server that counts the requests it gets (it must get none). */
  readonly attackerUrl: string;
}

export interface CorpusEntry {
  readonly name: string;
  readonly send: (ctx: CorpusContext) => Promise<Reply>;
  /** The status the contract gives, when it is one; any 4xx otherwise. */
  readonly status?: number;
  /** The message the contract gives, when it is one. */
  readonly msg?: RegExp;
  /** Values sent that must not come back. */
  readonly echoes?: (ctx: CorpusContext) => readonly string[];
}

const wrongKey = Buffer.from("not-the-demo-secret-but-long-enough!!");
const now = () => Math.floor(Date.now() / 1000);
const forgedClaims = () => ({
  sub: CANARY,
  type: "access",
  fresh: true,
  iat: now(),
  nbf: now(),
  exp: now() + 600,
});

/** A forged token: signed with a key that is not the demo's. */
export const forged = (header: Record<string, unknown> = {}): string =>
  forge({ alg: "HS256", typ: "JWT", ...header }, forgedClaims(), wrongKey);

const get =
  (path: string, headers: ReadonlyArray<readonly [string, string]> = []) =>
  (ctx: CorpusContext) =>
    ctx.client.send({ method: "GET", path, headers });

const json =
  (body: string | Buffer, type = "application/json") =>
  (ctx: CorpusContext) =>
    ctx.client.send({
      method: "POST",
      path: "/protected",
      headers: [["Content-Type", type]],
      body,
    });

const raw = (head: string, body?: string) => (ctx: CorpusContext) => ctx.client.raw(head, body);

const withAuthorization = (value: string) => get("/protected", [["Authorization", value]]);
const cookie = (value: string) => get("/protected", [["Cookie", value]]);
const csrf = (value: string) => (ctx: CorpusContext) =>
  ctx.client.send({
    method: "POST",
    path: "/protected",
    headers: [
      ["Cookie", ctx.valid.cookie],
      ["X-CSRF-TOKEN", value],
    ],
  });

const MISSING = /^Missing/;
const CSRF_REFUSED = /^(CSRF double submit tokens do not match|Missing CSRF token)$/;

export const CORPUS: readonly CorpusEntry[] = [
  // Authorization header
  { name: "an empty Authorization header", send: withAuthorization(""), status: 401, msg: MISSING },
  {
    name: "an Authorization header of tabs and spaces",
    send: withAuthorization(" \t  \t"),
    status: 401,
    msg: MISSING,
  },
  { name: "Bearer without a token", send: withAuthorization("Bearer"), status: 422 },
  {
    name: "Bearer and two tokens",
    send: withAuthorization(`Bearer ${forged()} ${forged()}`),
    status: 422,
  },
  { name: "Basic with a token", send: withAuthorization(`Basic ${forged()}`), status: 401 },
  { name: "10,000 commas", send: withAuthorization(",".repeat(10_000)), status: 401 },
  {
    name: "Bearer and 200 comma-separated forged tokens",
    send: withAuthorization(`Bearer ${Array(200).fill(forged()).join(",")}`),
  },
  {
    name: "200 Bearer credentials",
    send: withAuthorization(Array(200).fill("Bearer a.b.c").join(", ")),
    status: 401,
  },
  {
    name: "a 12 KB token",
    send: withAuthorization(`Bearer ${"A".repeat(12 * 1024)}`),
    status: 422,
    msg: /^Token too large/,
  },
  {
    name: "a 20 KB Authorization header (past node's header limit)",
    send: withAuthorization(`Bearer ${"A".repeat(20 * 1024)}`),
    status: 431,
  },
  {
    name: "two Authorization header lines with forged tokens",
    send: get("/protected", [
      ["Authorization", `Bearer ${forged()}`],
      ["Authorization", `Bearer ${forged({ kid: "2" })}`],
    ]),
    // node:http keeps the first line (422); a Web `Headers` joins both, which holds two
    // Bearer credentials (401): either way, refused.
  },
  {
    name: "bytes that are not UTF-8",
    send: withAuthorization("Bearer \u00ff\u00fe.\u00fd.\u00fc"),
    status: 422,
  },
  {
    name: "a right-to-left override, as UTF-8",
    send: withAuthorization(utf8Bytes(`Bearer \u202e${forged()}`)),
    status: 422,
  },
  {
    name: "an unsigned token (alg none)",
    send: withAuthorization(`Bearer ${unsigned("none", forgedClaims())}`),
    status: 422,
  },
  {
    name: "an unsigned token (alg NONE)",
    send: withAuthorization(`Bearer ${unsigned("NONE", forgedClaims())}`),
    status: 422,
  },
  {
    name: "a token signed with the empty key",
    send: withAuthorization(`Bearer ${forge({ alg: "HS256" }, forgedClaims(), "")}`),
    status: 422,
  },
  {
    name: "a token whose jku, x5u and jwk point at an attacker's server",
    send: (ctx) =>
      withAuthorization(
        `Bearer ${forged({ jku: `${ctx.attackerUrl}/jwks.json`, x5u: `${ctx.attackerUrl}/cert.pem`, jwk: { kty: "oct", k: "QUJD" } })}`,
      )(ctx),
    status: 422,
  },
  {
    name: "a kid of __proto__",
    send: withAuthorization(`Bearer ${forged({ kid: "__proto__" })}`),
    status: 422,
  },
  {
    name: "a NUL byte in the header value (raw)",
    send: raw(`GET /protected HTTP/1.1\r\nAuthorization: Bearer a\u0000b`),
    status: 400,
  },
  {
    name: "a bare CR in the header value (raw)",
    send: raw(`GET /protected HTTP/1.1\r\nAuthorization: Bearer a\rb`),
    status: 400,
  },
  {
    name: "an escape character in the header value (raw)",
    send: raw(`GET /protected HTTP/1.1\r\nAuthorization: Bearer \u001b[31m`),
    status: 400,
  },
  {
    name: "a DEL in the header value (raw)",
    send: raw(`GET /protected HTTP/1.1\r\nAuthorization: Bearer a\u007fb`),
  },
  {
    name: "a header folded over two lines (raw)",
    send: raw(`GET /protected HTTP/1.1\r\nAuthorization: Bearer\r\n ${forged()}`),
  },
  {
    name: "no Host header (raw)",
    send: (ctx) =>
      ctx.client.raw(`GET /protected HTTP/1.1\r\nAuthorization: Bearer ${forged()}`, "", {
        host: false,
      }),
    status: 400,
  },
  {
    name: "two Host headers (raw)",
    send: raw("GET /protected HTTP/1.1\r\nHost: evil.example"),
  },
  {
    name: "a header name with a space (raw)",
    send: raw(`GET /protected HTTP/1.1\r\nAuthorization : Bearer ${forged()}`),
    status: 400,
  },

  // Cookies
  {
    name: "the token cookie twice, both forged",
    send: cookie(`access_token_cookie=${forged()}; access_token_cookie=${forged({ kid: "2" })}`),
    status: 422,
  },
  {
    name: "a forged token cookie before a valid one (the first wins, and is refused)",
    send: (ctx) => cookie(`access_token_cookie=${forged()}; ${ctx.valid.cookie}`)(ctx),
    status: 422,
  },
  ...["\u2000", "\u00a0", "\u200b", "\ufeff"].map(
    (lookalike): CorpusEntry => ({
      name: `a valid token under a look-alike name (U+${lookalike.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}access_token_cookie)`,
      send: (ctx) => cookie(utf8Bytes(`${lookalike}${ctx.valid.cookie}`))(ctx),
      status: 401,
      msg: MISSING,
    }),
  ),
  {
    name: "a valid token under the name in capitals",
    send: (ctx) =>
      cookie(ctx.valid.cookie.replace("access_token_cookie", "ACCESS_TOKEN_COOKIE"))(ctx),
    status: 401,
    msg: MISSING,
  },
  { name: "a bad percent-encoding", send: cookie("access_token_cookie=%E0%A4%A"), status: 422 },
  { name: "an encoded NUL", send: cookie("access_token_cookie=%00"), status: 422 },
  {
    name: "bytes that are not UTF-8",
    send: cookie("access_token_cookie=\u00ff\u00fe\u00fd"),
    status: 422,
  },
  {
    name: "a 12 KB cookie",
    send: cookie(`access_token_cookie=${"A".repeat(12 * 1024)}`),
    status: 422,
    msg: /^Token too large/,
  },
  {
    name: "1,000 cookies",
    send: cookie(Array.from({ length: 1000 }, (_, i) => `c${i}=v`).join("; ")),
    status: 401,
  },
  { name: "a cookie without '='", send: cookie("access_token_cookie"), status: 401 },
  { name: "only separators", send: cookie(";;; ;= ; ="), status: 401 },
  { name: "a __proto__ cookie", send: cookie(`__proto__=${forged()}; constructor=x`), status: 401 },

  // Query strings
  {
    name: "jwt twice, both forged",
    send: get(`/protected?jwt=${forged()}&jwt=${forged({ kid: "2" })}`),
    status: 422,
  },
  {
    name: "jwt twice, forged first then valid (the first wins, and is refused)",
    send: (ctx) => get(`/protected?jwt=${forged()}&jwt=${ctx.valid.access}`)(ctx),
    status: 422,
  },
  { name: "jwt[]", send: get(`/protected?jwt[]=${forged()}`), status: 401 },
  { name: "jwt[key]", send: get(`/protected?jwt[key]=${forged()}`), status: 401 },
  { name: "an encoded NUL", send: get("/protected?jwt=%00"), status: 422 },
  { name: "invalid percent escapes", send: get("/protected?jwt=%ZZ%"), status: 422 },
  {
    name: "percent-encoded bytes that are not UTF-8",
    send: get("/protected?jwt=%FF%FE%FD"),
    status: 422,
  },
  {
    name: "10,000 parameters",
    send: get(`/protected?${Array.from({ length: 10_000 }, (_, i) => `p${i}=1`).join("&")}`),
  },
  {
    name: "a 12 KB token",
    send: get(`/protected?jwt=${"A".repeat(12 * 1024)}`),
    status: 422,
    msg: /^Token too large/,
  },
  {
    name: "a space in the request target (raw)",
    send: raw("GET /protected?jwt=a b HTTP/1.1"),
    status: 400,
  },
  {
    name: "a raw 0xFF byte in the request target (raw)",
    send: raw("GET /protected?jwt=\u00ff HTTP/1.1"),
    status: 400,
  },

  // JSON bodies
  { name: "invalid JSON", send: json("{"), status: 401, msg: MISSING },
  { name: "an array", send: json("[]"), status: 401, msg: MISSING },
  { name: "null", send: json("null"), status: 401, msg: MISSING },
  { name: "a number", send: json("123"), status: 401, msg: MISSING },
  { name: '{"access_token": 123}', send: json('{"access_token": 123}'), status: 422 },
  {
    name: '{"access_token": {"$ne": null}}',
    send: json('{"access_token": {"$ne": null}}'),
    status: 422,
  },
  { name: '{"access_token": ["a.b.c"]}', send: json('{"access_token": ["a.b.c"]}'), status: 422 },
  {
    name: "50,000 levels of nesting",
    send: json(`${"[".repeat(50_000)}${"]".repeat(50_000)}`),
    status: 401,
  },
  {
    name: '15,000 levels of {"a":',
    send: json(`${'{"a":'.repeat(15_000)}1${"}".repeat(15_000)}`),
    status: 401,
  },
  {
    name: "a 10 MB body",
    send: json(`{"access_token":"${"A".repeat(10 * 1024 * 1024)}"}`),
    status: 413,
    // The core's message, or the framework's own refusal past its parser's limit (Fastify's 1 MiB).
    msg: /^(Request body too large: the limit is \d+ bytes|Payload Too Large)$/,
  },
  {
    name: "a 10 MB chunked body, without Content-Length (raw)",
    send: (ctx) => {
      const chunk = "A".repeat(64 * 1024);
      const chunks = Array.from(
        { length: 160 },
        () => `${(chunk.length).toString(16)}\r\n${chunk}\r\n`,
      ).join("");
      return ctx.client.raw(
        "POST /protected HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked",
        `${chunks}0\r\n\r\n`,
      );
    },
    status: 413,
  },
  {
    name: "a __proto__ key holding admin and a forged token",
    send: json(`{"__proto__":{"admin":true,"access_token":"${forged()}"}}`),
    status: 401,
  },
  {
    name: "a constructor.prototype key",
    send: json('{"constructor":{"prototype":{"admin":true}},"access_token":"a.b.c"}'),
    status: 422,
  },
  { name: "a byte order mark", send: json("\uFEFF{}"), status: 401 },
  {
    name: "an exp of 1e400 in a forged token",
    send: json(`{"access_token":"${forged()}","exp":1e400}`),
    status: 422,
  },
  {
    name: "a charset the server cannot read",
    send: json('{"access_token":"a.b.c"}', "application/json; charset=utf-16"),
    status: 422,
  },

  // CSRF values with a valid cookie token
  { name: "a 1-byte CSRF value", send: csrf("x"), status: 401, msg: CSRF_REFUSED },
  { name: "a 10 KB CSRF value", send: csrf("x".repeat(10 * 1024)), status: 401, msg: CSRF_REFUSED },
  {
    name: "a non-ASCII CSRF value (UTF-8)",
    send: csrf(utf8Bytes("\u00e9\u4e2d\u{1f600}")),
    status: 401,
    msg: CSRF_REFUSED,
  },
  {
    name: "a CSRF value of bytes that are not UTF-8",
    send: csrf("\u00ff\u00fe"),
    status: 401,
    msg: CSRF_REFUSED,
  },
  {
    name: "two CSRF header lines",
    send: (ctx) =>
      ctx.client.send({
        method: "POST",
        path: "/protected",
        headers: [
          ["Cookie", ctx.valid.cookie],
          ["X-CSRF-TOKEN", "one"],
          ["X-CSRF-TOKEN", "two"],
        ],
      }),
    status: 401,
    msg: CSRF_REFUSED,
  },
];

/** Texts no answer may hold. */
export const CORPUS_FORBIDDEN = [DEMO_SECRET, CANARY];
