export type { Duration } from "./config/durations.ts";
export { optionsFromEnv, toEnvName } from "./config/env-options.ts";
export type { JwtOptions, ResolvedOptions } from "./config/option-table.ts";
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
// binding, the request view and its builders; and the typed context of a required guard.
export * from "./http/adapter-kit.ts";
export type { CookieOverrides } from "./http/cookies.ts";
export type { JwtResponse, LoaderName, Loaders } from "./loaders.ts";
export { type DecodeTokenOptions, JwtManager, type JwtManagerOptions } from "./manager.ts";
export type { CompiledRoute, RouteOptions } from "./request/route-options.ts";
export type { JwtContext } from "./request/verify-request.ts";
export { FAMILY_CLAIM } from "./revocation/revocation.ts";
export type { RevokeTokenOptions } from "./revocation/revoker.ts";
export type {
  RefreshedTokens,
  RefreshTokenReuse,
  RefreshTokenReuseHook,
  TokenPair,
} from "./revocation/rotation.ts";
export type { Session, SessionMetadata } from "./revocation/sessions.ts";
export { MemoryTokenStore, type MemoryTokenStoreOptions } from "./stores/memory.ts";
export type { TokenStore } from "./stores/token-store.ts";
export type { CreateTokenOptions, TokenPairOptions } from "./token/claims.ts";
export type { JwkSet, PublicJwk } from "./token/keys.ts";
export type {
  DecodedJwt,
  JwtHeader,
  JwtPayload,
  Payload,
  RevocablePayload,
  TokenPayload,
} from "./token/payload.ts";
