/** The configuration's public names, declared in src/config/ (the option table and its values). */
export {
  DEFAULT_OPTIONS,
  type JwtOptions,
  type OptionName,
  type ResolvedOptions,
} from "./config/option-table.ts";
export {
  ALGORITHMS,
  type Algorithm,
  type InvalidTokenStatus,
  type KeyInput,
  type KeySpec,
  PERSISTENT_COOKIE_MAX_AGE,
  type SameSite,
  TOKEN_LOCATIONS,
  type TokenLocation,
} from "./config/option-values.ts";
