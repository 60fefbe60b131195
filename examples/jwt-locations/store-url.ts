import { Cluster } from "ioredis";
import { MemoryTokenStore, type TokenStore } from "jwt-extended";
import { PostgresTokenStore } from "jwt-extended/postgres";
import {
  FAIL_FAST_CLUSTER_OPTIONS,
  FAIL_FAST_REDIS_OPTIONS,
  RedisTokenStore,
} from "jwt-extended/redis";
import { SqliteTokenStore } from "jwt-extended/sqlite";

/** What `STORE_URL` may be, for the error that names them. */
export const STORE_URL_FORMS =
  "memory:, sqlite:FILE, postgres://…, redis://… or redis+cluster://host:port,host:port";

/** A store that also ends the cluster client the demo made for it. */
class DemoClusterStore extends RedisTokenStore {
  override async close(): Promise<void> {
    await super.close();
    (this.client as Cluster).disconnect();
  }
}

/** Throws, without quoting it, when `url` is not a URL with a host. */
function checkUrl(url: string): void {
  if (!URL.canParse(url) || new URL(url).hostname === "") {
    throw new Error(`expected ${STORE_URL_FORMS}, got a URL that does not parse`);
  }
}

/** `redis+cluster://[user:password@]host:port,host:port`: the nodes and credentials. */
function clusterFromUrl(url: string, onError: (error: Error) => void): Cluster {
  const rest = url.slice("redis+cluster://".length).replace(/\/.*$/, "");
  const at = rest.lastIndexOf("@");
  const [username, password] =
    at === -1 ? [] : rest.slice(0, at).split(":").map(decodeURIComponent);
  const nodes = rest
    .slice(at + 1)
    .split(",")
    .map((node) => {
      const match = /^([^:,]+):(\d{1,5})$/.exec(node);
      if (!match) throw new Error(`STORE_URL: expected ${STORE_URL_FORMS}`);
      return { host: match[1] as string, port: Number(match[2]) };
    });
  const credentials = {
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
  };
  const client = new Cluster(nodes, {
    ...FAIL_FAST_CLUSTER_OPTIONS,
    redisOptions: { ...FAIL_FAST_REDIS_OPTIONS, ...credentials },
  });
  client.on("error", onError);
  return client;
}

/**
 * The store a `STORE_URL` names. Never quotes the URL in an error: it may hold a password.
 * `onError` hears the client's connection errors (Redis, PostgreSQL).
 */
export function storeFromUrl(url: string, onError: (error: Error) => void): TokenStore {
  try {
    return openStore(url, onError);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(message.startsWith("STORE_URL") ? message : `STORE_URL: ${message}`);
  }
}

function openStore(url: string, onError: (error: Error) => void): TokenStore {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  switch (scheme) {
    case "memory":
      return new MemoryTokenStore();
    case "sqlite": {
      const file = url.slice("sqlite:".length).replace(/^\/\//, "");
      if (file === "") throw new Error("STORE_URL: sqlite: needs a file, as in sqlite:tokens.db");
      return new SqliteTokenStore({ database: file });
    }
    case "postgres":
    case "postgresql":
      checkUrl(url);
      return new PostgresTokenStore({ url, onError });
    case "redis":
    case "rediss":
      checkUrl(url);
      return new RedisTokenStore({ url, onError });
    case "redis+cluster":
      return new DemoClusterStore({ client: clusterFromUrl(url, onError) });
    default:
      throw new Error(`STORE_URL: expected ${STORE_URL_FORMS}`);
  }
}
