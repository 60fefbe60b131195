import { JwtManager, MemoryTokenStore, optionsFromEnv, type TokenStore } from "jwt-extended";
import { RedisTokenStore } from "jwt-extended/redis";
import { storeFromUrl } from "./store-url.ts";

/** Used when JWT_SECRET_KEY is not set; fine on a laptop, never in production. */
const DEVELOPMENT_SECRET = "jwt-extended-demo-development-secret-change-me";

/** The demo's defaults (BEHAVIOR.md §7): every location on, cookies allowed over plain HTTP. */
const DEMO_DEFAULTS: Record<string, string> = {
  JWT_TOKEN_LOCATION: '["headers","cookies","json","query_string"]',
  JWT_COOKIE_SECURE: "false",
};

/**
 * The demo's manager, configured from `JWT_*` variables over the demo's defaults (among
 * them `JWT_REFRESH_ROTATION=true`, `JWT_IMPLICIT_REFRESH_WINDOW=1800`), with `store` for
 * revocation and refresh families.
 */
export function createDemoManager(
  env: Readonly<Record<string, string | undefined>>,
  warn: (message: string) => void,
  store: TokenStore = new MemoryTokenStore(),
): JwtManager {
  const merged = { ...DEMO_DEFAULTS, ...env };
  if (!merged.JWT_SECRET_KEY && !merged.JWT_PRIVATE_KEY) {
    warn("JWT_SECRET_KEY is not set: using a development secret. Set it before deploying.");
    merged.JWT_SECRET_KEY = DEVELOPMENT_SECRET;
  }
  return new JwtManager({ ...optionsFromEnv(merged), store });
}

/**
 * The demo's revocation store, from `STORE_URL` (see {@link storeFromUrl}): `memory:` (the
 * default), `sqlite:FILE`, `postgres://…`, `redis://…` or `redis+cluster://host:port,…`;
 * `REDIS_URL` alone still means Redis. A shared store lets several instances see one
 * another's revocations; SQLite, PostgreSQL and a persisting Redis keep them across
 * restarts. Waits up to two seconds for a server at start; until it answers, protected
 * routes answer 503.
 */
export async function createDemoStore(
  env: Readonly<Record<string, string | undefined>>,
  warn: (message: string) => void,
): Promise<TokenStore> {
  const [name, url] = env.STORE_URL ? ["STORE_URL", env.STORE_URL] : ["REDIS_URL", env.REDIS_URL];
  if (!url) return new MemoryTokenStore();
  // One warning per outage, not one per reconnection attempt. (The URL may hold a password:
  // it is never printed.)
  let reported = false;
  const store = storeFromUrl(url, (error) => {
    if (!reported) warn(`the store (${name}): ${error.message}; retrying`);
    reported = true;
  });
  if (store instanceof RedisTokenStore) {
    store.client.on("ready", () => {
      reported = false;
    });
  }
  if ("ready" in store && typeof store.ready === "function") {
    const ready = await (store.ready as (timeoutMs: number) => Promise<boolean>)(2000);
    if (ready) reported = false;
    else warn(`the store (${name}) is not reachable yet: protected routes answer 503 until it is`);
  }
  return store;
}
