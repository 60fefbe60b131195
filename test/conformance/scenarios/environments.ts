/** The demo environments (`JWT_*` settings) the scenarios run under. */
import type { Env } from "./table.ts";

export const HEADERS_ONLY: Env = { JWT_TOKEN_LOCATION: "headers" };
export const QUERY_THEN_HEADERS: Env = { JWT_TOKEN_LOCATION: '["query_string","headers"]' };
export const THREE_LOCATIONS: Env = { JWT_TOKEN_LOCATION: '["cookies","json","headers"]' };
export const JSON_ONLY: Env = { JWT_TOKEN_LOCATION: '["json"]' };
export const COOKIES_ONLY: Env = { JWT_TOKEN_LOCATION: '["cookies"]' };
export const HEADER_NAME: Env = { JWT_HEADER_NAME: "X-Token" };
export const EMPTY_HEADER_TYPE: Env = { JWT_HEADER_TYPE: "" };
export const JWT_HEADER_TYPE: Env = { JWT_HEADER_TYPE: "JWT" };
export const QUERY_PREFIX: Env = { JWT_QUERY_STRING_VALUE_PREFIX: "Bearer " };
export const CUSTOM_NAMES: Env = {
  JWT_ACCESS_COOKIE_NAME: "my_access",
  JWT_REFRESH_COOKIE_NAME: "my_refresh",
  JWT_ACCESS_CSRF_COOKIE_NAME: "my_csrf_access",
  JWT_REFRESH_CSRF_COOKIE_NAME: "my_csrf_refresh",
  JWT_ACCESS_CSRF_HEADER_NAME: "X-Access-Csrf",
  JWT_REFRESH_CSRF_HEADER_NAME: "X-Refresh-Csrf",
  JWT_QUERY_STRING_NAME: "token",
  JWT_JSON_KEY: "tok",
  JWT_REFRESH_JSON_KEY: "rtok",
};
export const CSRF_FORM: Env = { JWT_CSRF_CHECK_FORM: "true" };
export const CSRF_FORM_FIELDS: Env = {
  JWT_CSRF_CHECK_FORM: "true",
  JWT_ACCESS_CSRF_FIELD_NAME: "xsrf_access",
  JWT_REFRESH_CSRF_FIELD_NAME: "xsrf_refresh",
};
export const CSRF_GET_ONLY: Env = { JWT_CSRF_METHODS: '["GET"]' };
export const NO_CSRF: Env = { JWT_COOKIE_CSRF_PROTECT: "false" };
export const CSRF_NOT_IN_COOKIES: Env = { JWT_CSRF_IN_COOKIES: "false" };
export const ERROR_KEY: Env = { JWT_ERROR_MESSAGE_KEY: "error" };
export const IDENTITY_CLAIM: Env = { JWT_IDENTITY_CLAIM: "identity" };
export const AUDIENCE: Env = {
  JWT_ENCODE_AUDIENCE: "my-audience",
  JWT_DECODE_AUDIENCE: "my-audience",
};
export const ISSUER: Env = { JWT_ENCODE_ISSUER: "my-issuer", JWT_DECODE_ISSUER: "my-issuer" };
export const LEEWAY: Env = { JWT_DECODE_LEEWAY: "30" };
export const NEVER_EXPIRES: Env = { JWT_ACCESS_TOKEN_EXPIRES: "false" };
export const SHORT_EXPIRIES: Env = {
  JWT_ACCESS_TOKEN_EXPIRES: "60",
  JWT_REFRESH_TOKEN_EXPIRES: "120",
};
export const TWO_ALGORITHMS: Env = { JWT_DECODE_ALGORITHMS: '["HS256","HS512"]' };
export const NO_NBF: Env = { JWT_ENCODE_NBF: "false" };
export const NO_VERIFY_SUB: Env = { JWT_VERIFY_SUB: "false" };
export const COOKIE_ATTRIBUTES: Env = {
  JWT_ACCESS_COOKIE_PATH: "/api/",
  JWT_REFRESH_COOKIE_PATH: "/refresh",
  JWT_ACCESS_CSRF_COOKIE_PATH: "/csrf/access",
  JWT_REFRESH_CSRF_COOKIE_PATH: "/csrf/refresh",
  JWT_COOKIE_DOMAIN: "example.test",
  JWT_COOKIE_SECURE: "true",
  JWT_COOKIE_SAMESITE: "Strict",
};
export const PERSISTENT_COOKIES: Env = { JWT_SESSION_COOKIE: "false", JWT_COOKIE_SAMESITE: "Lax" };
