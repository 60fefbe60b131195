export { optionsFromEnv, toEnvName } from "./config/env-options.ts";
export type { CookieOverrides } from "./cookies.ts";
export type { Duration } from "./durations.ts";
export {
  ConfigurationError,
  CsrfError,
  ExpiredSignatureError,
  FreshTokenRequiredError,
  InvalidHeaderError,
  InvalidQueryParamError,
  isJwtExtendedError,
  JwtDecodeError,
  type JwtErrorCode,
  JwtExtendedError,
  type JwtExtendedErrorUnion,
  MissingGuardError,
  NoAuthorizationError,
  PayloadTooLargeError,
  RevokedTokenError,
  StoreUnavailableError,
  UserClaimsVerificationError,
  UserLookupError,
  WrongTokenError,
} from "./errors.ts";
// What authors of adapters to other frameworks build on (docs/adapters.md): the HTTP
// binding and the request-view builders; and the typed context of a required guard.
export * from "./http/adapter-kit.ts";
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
