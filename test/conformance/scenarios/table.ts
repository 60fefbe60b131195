/** The table's shape: frameworks, environments, requests, expectations and scenarios. */
import { DEMO_FRAMEWORKS } from "../../../examples/jwt-locations/server.ts";
import type { DemoFramework } from "../../helpers/demo-server.ts";
import type { MintOptions } from "../../helpers/tokens.ts";

/** The frameworks the demo is run on: every one the demo serves. */
export const frameworks: readonly DemoFramework[] = DEMO_FRAMEWORKS;

/** The demo's environment: `JWT_*` name → value as it would be written in the shell. */
export type Env = Readonly<Record<string, string>>;

/** Where a scenario's token comes from. */
export type TokenSource =
  /** `POST /login_without_cookies` on the demo under test (a fresh access token, or the refresh token). */
  | { readonly login: "access" | "refresh" }
  /** The access token `POST /refresh` answers for the login's refresh token (not fresh). */
  | { readonly refreshed: true }
  /** Minted by the test with fast-jwt and the demo's secret. */
  | { readonly mint: MintOptions };

export interface Setup {
  /** Becomes `ctx.token` (and its `csrf` claim `ctx.csrf`). */
  readonly token?: TokenSource;
  /** Becomes `ctx.otherToken`. */
  readonly otherToken?: TokenSource;
  /** `POST /login_with_cookies` first; its cookies become `ctx.cookies`. */
  readonly loginWithCookies?: boolean;
}

export interface Ctx {
  /** The setup's token ("" without one). */
  readonly token: string;
  /** The setup's other token ("" without one). */
  readonly otherToken: string;
  /** The `csrf` claim of `token` ("" when it has none). */
  readonly csrf: string;
  /** The cookies set by `POST /login_with_cookies` (empty without that setup). */
  readonly cookies: Readonly<Record<string, string>>;
  /** One of `cookies`; fails the scenario when the login did not set it. */
  cookie(name: string): string;
}

export interface RequestSpec {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent with node:http as given (duplicates allowed, latin1 bytes) instead of fetch. */
  readonly rawHeaders?: ReadonlyArray<readonly [string, string]>;
  /** Sent as one `Cookie` header, values as given. */
  readonly cookies?: Readonly<Record<string, string>>;
  /** A record (each value percent-encoded) or the raw text after `?`. */
  readonly query?: Readonly<Record<string, string>> | string;
  readonly body?: { readonly contentType?: string; readonly raw: string };
}

/** A check of a response body: returns a description of what is wrong, or undefined. */
export interface BodyCheck {
  readonly says: string;
  readonly problem: (body: unknown, ctx: Ctx) => string | undefined;
}

/** A check of a response body as text: returns what is wrong, or undefined. */
export interface TextCheck {
  readonly says: string;
  readonly problem: (text: string) => string | undefined;
}

export type CookieValue =
  | "empty"
  /** A JWT whose payload has this `type` and the demo's identity. */
  | "access-jwt"
  | "refresh-jwt"
  /** The `csrf` claim of the token in the named cookie of the same response. */
  | { readonly csrfOf: string };

export interface CookieExpectation {
  readonly value: CookieValue;
  /** Attributes that must be there (names case-insensitive; `true` for a flag). */
  readonly attributes: Readonly<Record<string, string | true>>;
  /** Attributes that may also be there: with this value, or with any value ("any"). */
  readonly optional?: Readonly<Record<string, string | true>>;
}

export type StatusExpectation =
  | number
  /** Any 4xx. */
  | "4xx"
  /** Not an authentication error: not 401, not 422, not 5xx. */
  | "not-401-or-422"
  /** Anything below 500. */
  | "not-5xx";

export interface Expectation {
  readonly status: StatusExpectation;
  /** The exact JSON body. */
  readonly json?: unknown;
  /** A check of the JSON body (for bodies holding tokens). */
  readonly satisfies?: BodyCheck;
  /** A check of the body as text (any content type). */
  readonly text?: TextCheck;
  /** A check of the Content-Type header. */
  readonly contentType?: RegExp;
  /** Exactly these cookies are set (by name), each as described. */
  readonly setCookies?: Readonly<Record<string, CookieExpectation>>;
}

export interface Scenario {
  readonly name: string;
  readonly env?: Env;
  readonly setup?: Setup;
  readonly request: RequestSpec | ((ctx: Ctx) => RequestSpec);
  readonly expect: Expectation;
}
