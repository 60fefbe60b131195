export { type NodeRequestLike, nodeRequestView } from "./adapters/node-request.ts";
export type { CookieOverrides } from "./cookies.ts";
export type { Duration } from "./durations.ts";
export { optionsFromEnv, toEnvName } from "./config/env-options.ts";
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
  PayloadTooLargeError,
  RevokedTokenError,
  StoreUnavailableError,
  UserClaimsVerificationError,
  UserLookupError,
  WrongTokenError,
} from "./errors.ts";
// For authors of adapters to other frameworks (docs/adapters.md): the HTTP binding, which
// makes every decision, and the builders of the request view it reads.
export type { JwtAccessors } from "./http/accessors.ts";
export type { HttpAnswer } from "./http/answer.ts";
export { createBinding, type HttpBinding } from "./http/binding.ts";
export type { CookieWriters } from "./http/cookie-writers.ts";
export type { Guard, Guarded } from "./http/guard.ts";
export { MissingGuardError } from "./http/missing-guard.ts";
export { answerRefresh, type RefreshAnswer } from "./http/refresh-answer.ts";
export type { RouteAnswer } from "./implicit-refresh.ts";
export type { JwkSet, PublicJwk } from "./keys.ts";
export type { JwtResponse, LoaderName, Loaders } from "./loaders.ts";
export { isJsonContentType } from "./locations/json.ts";
export {
  type AuthResult,
  type DecodeTokenOptions,
  JwtManager,
  type JwtManagerOptions,
  type RevokeTokenOptions,
  type TokenPairOptions,
} from "./manager.ts";
export {
  type Algorithm,
  DEFAULT_OPTIONS,
  type InvalidTokenStatus,
  type JwtOptions,
  type KeyInput,
  type KeySpec,
  type ResolvedOptions,
  type SameSite,
  type TokenLocation,
} from "./options.ts";
export type {
  JwtHeader,
  JwtPayload,
  Payload,
  RevocablePayload,
  TokenPayload,
} from "./payload.ts";
export {
  BODY_TOO_LARGE,
  type BodySource,
  createRequestView,
  type RequestSource,
  type RequestView,
} from "./request-view.ts";
export { FAMILY_CLAIM } from "./revocation.ts";
export type {
  RefreshedTokens,
  RefreshTokenReuse,
  RefreshTokenReuseHook,
  TokenPair,
} from "./rotation.ts";
export type { CompiledRoute, RouteOptions } from "./route-options.ts";
export { MemoryTokenStore, type MemoryTokenStoreOptions } from "./stores/memory.ts";
export type { TokenStore } from "./stores/token-store.ts";
export type { CreateTokenOptions } from "./token-claims.ts";
export type { JwtContext } from "./verify-request.ts";
export { type WebViewOptions, webRequestView } from "./web-request.ts";
