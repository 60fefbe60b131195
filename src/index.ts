export type { CookieOverrides } from "./cookies.ts";
export type { Duration } from "./durations.ts";
export { optionsFromEnv, toEnvName } from "./env-options.ts";
export {
  ConfigurationError,
  CsrfError,
  ExpiredSignatureError,
  FreshTokenRequiredError,
  InvalidHeaderError,
  InvalidQueryParamError,
  JwtDecodeError,
  type JwtErrorCode,
  JwtExtendedError,
  NoAuthorizationError,
  RevokedTokenError,
  UserClaimsVerificationError,
  UserLookupError,
  WrongTokenError,
} from "./errors.ts";
export type { JwtResponse, LoaderName, Loaders } from "./loaders.ts";
export { isJsonContentType } from "./locations/json.ts";
export {
  type AuthResult,
  type DecodeTokenOptions,
  JwtManager,
  type JwtManagerOptions,
} from "./manager.ts";
export {
  type Algorithm,
  DEFAULT_OPTIONS,
  type JwtOptions,
  type KeyInput,
  type ResolvedOptions,
  type SameSite,
  type TokenLocation,
} from "./options.ts";
export type { JwtHeader, JwtPayload, Payload } from "./payload.ts";
export {
  type BodySource,
  createRequestView,
  type RequestSource,
  type RequestView,
} from "./request-view.ts";
export type { CompiledRoute, RouteOptions } from "./route-options.ts";
export type { CreateTokenOptions } from "./token-claims.ts";
export type { JwtContext } from "./verify-request.ts";
