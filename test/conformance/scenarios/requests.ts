/** Builders of request bodies and of requests that carry the scenario's token. */
import { bearer } from "../../helpers/bearer.ts";
import type { Ctx, RequestSpec } from "./table.ts";

export const json = (value: unknown): { contentType: string; raw: string } => ({
  contentType: "application/json",
  raw: JSON.stringify(value),
});
export const jsonRaw = (raw: string, contentType = "application/json") => ({ contentType, raw });
export const form = (fields: Record<string, string>) => ({
  contentType: "application/x-www-form-urlencoded",
  raw: new URLSearchParams(fields).toString(),
});

export const cookieRequest =
  (method: string, csrf?: (c: Ctx) => string, path = "/protected") =>
  (c: Ctx): RequestSpec => ({
    method,
    path,
    cookies: { access_token_cookie: c.token },
    headers: csrf ? { "X-CSRF-TOKEN": csrf(c) } : undefined,
  });

export const headerRequest =
  (path = "/protected", method = "GET") =>
  (c: Ctx): RequestSpec => ({ method, path, headers: bearer(c.token) });

/** POST `path` with the token in the access cookie and the body `body(c)`, no CSRF header. */
export const cookieBodyRequest =
  (body: (c: Ctx) => NonNullable<RequestSpec["body"]>, path = "/protected") =>
  (c: Ctx): RequestSpec => ({
    method: "POST",
    path,
    cookies: { access_token_cookie: c.token },
    body: body(c),
  });

/** POST `path` with the cookies the login set, and the headers or body `extra(c)`. */
export const loginCookiesPost =
  (path: string, extra: (c: Ctx) => Pick<RequestSpec, "headers" | "body">) =>
  (c: Ctx): RequestSpec => ({ method: "POST", path, cookies: c.cookies, ...extra(c) });
