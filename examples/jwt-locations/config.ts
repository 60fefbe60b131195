import { JwtManager, optionsFromEnv } from "jwt-extended";

/** Used when JWT_SECRET_KEY is not set; fine on a laptop, never in production. */
const DEVELOPMENT_SECRET = "jwt-extended-demo-development-secret-change-me";

/** The demo's defaults (BEHAVIOR.md §7): every location on, cookies allowed over plain HTTP. */
const DEMO_DEFAULTS: Record<string, string> = {
  JWT_TOKEN_LOCATION: '["headers","cookies","json","query_string"]',
  JWT_COOKIE_SECURE: "false",
};

/** The demo's manager, configured from `JWT_*` variables over the demo's defaults. */
export function createDemoManager(
  env: Readonly<Record<string, string | undefined>>,
  warn: (message: string) => void,
): JwtManager {
  const merged = { ...DEMO_DEFAULTS, ...env };
  if (!merged.JWT_SECRET_KEY && !merged.JWT_PRIVATE_KEY) {
    warn("JWT_SECRET_KEY is not set: using a development secret. Set it before deploying.");
    merged.JWT_SECRET_KEY = DEVELOPMENT_SECRET;
  }
  return new JwtManager(optionsFromEnv(merged));
}
