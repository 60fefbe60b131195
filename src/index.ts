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
  PayloadTooLargeError,
  RevokedTokenError,
  StoreUnavailableError,
  UserClaimsVerificationError,
  UserLookupError,
  WrongTokenError,
} from "./errors.ts";
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
export type { JwtHeader, JwtPayload, Payload } from "./payload.ts";
export { answerRefresh, type RefreshAnswer } from "./refresh-answer.ts";
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
