export type { Duration } from "./config/durations.ts";
export { optionsFromEnv, toEnvName } from "./config/env-options.ts";
export {
  DEFAULT_OPTIONS,
  type JwtOptions,
  type ResolvedOptions,
} from "./config/option-table.ts";
export type {
  Algorithm,
  InvalidTokenStatus,
  KeyInput,
  KeySpec,
  SameSite,
  TokenLocation,
} from "./config/option-values.ts";
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
export type { CookieOverrides } from "./http/cookies.ts";
export { answerRefresh, type RefreshAnswer } from "./http/refresh-answer.ts";
export type { JwtResponse, LoaderName, Loaders } from "./loaders.ts";
export {
  type AuthResult,
  type DecodeTokenOptions,
  JwtManager,
  type JwtManagerOptions,
  type RevokeTokenOptions,
  type TokenPairOptions,
} from "./manager.ts";
export { isJsonContentType } from "./request/locations/json.ts";
export {
  BODY_TOO_LARGE,
  type BodySource,
  createRequestView,
  type RequestSource,
  type RequestView,
} from "./request/request-view.ts";
export type { CompiledRoute, RouteOptions } from "./request/route-options.ts";
export type { JwtContext } from "./request/verify-request.ts";
export type { RouteAnswer } from "./revocation/implicit-refresh.ts";
export { FAMILY_CLAIM } from "./revocation/revocation.ts";
export type {
  RefreshedTokens,
  RefreshTokenReuse,
  RefreshTokenReuseHook,
  TokenPair,
} from "./revocation/rotation.ts";
export { MemoryTokenStore, type MemoryTokenStoreOptions } from "./stores/memory.ts";
export type { TokenStore } from "./stores/token-store.ts";
export type { CreateTokenOptions } from "./token/claims.ts";
export type { JwkSet, PublicJwk } from "./token/keys.ts";
export type {
  JwtHeader,
  JwtPayload,
  Payload,
  RevocablePayload,
  TokenPayload,
} from "./token/payload.ts";
