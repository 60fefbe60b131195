import { hasAdapter } from "../build-library.ts";
import type { TokenCarrier, TokenMode } from "../fixture.ts";

export type Framework = "express" | "fastify" | "hono" | "nest" | "koa";

/** What a contender is to the comparison: the framework's floor, a peer, or this library. */
export type Role = "no-auth" | "peer" | "ours";

/** One server measured over HTTP: the script in bench/servers/ and how requests carry the token. */
export interface Contender {
  readonly id: string;
  readonly framework: Framework;
  readonly label: string;
  readonly role: Role;
  /** How the token travels; `null` for the server without authentication. */
  readonly carrier: TokenCarrier | null;
  /** The server script, relative to bench/. */
  readonly script: string;
  /**
   * Ours only: whether the library runs with its verified-token cache (as it ships) or
   * from the build without it; `null` for the others.
   */
  readonly cache: boolean | null;
}

export const FRAMEWORK_LABELS: Readonly<Record<Framework, string>> = {
  express: "Express 5",
  fastify: "Fastify 5",
  hono: "Hono 4 (@hono/node-server)",
  nest: "NestJS 12 (platform-express)",
  koa: "Koa 3",
};

const contender = (
  framework: Framework,
  name: string,
  label: string,
  role: Role,
  carrier: TokenCarrier | null,
): Contender => ({
  id: `${framework}/${name}`,
  framework,
  label,
  role,
  carrier,
  script: `servers/${framework}-${name}.ts`,
  cache: role === "ours" ? true : null,
});

/** The same server as `ours`, on the library built without its verified-token cache. */
const withoutCache = (ours: Contender): Contender => ({
  ...ours,
  id: `${ours.id}-no-cache`,
  label: `${ours.label}, no cache`,
  cache: false,
});

/** Each of our contenders, then (with `noCache`) the same without the cache. */
const bothCaches = (list: readonly Contender[], noCache: boolean): Contender[] => [
  ...list,
  ...(noCache ? list.filter((c) => c.role === "ours").map(withoutCache) : []),
];

/**
 * Whether the targets need a contender's figure with these tokens: the framework's floor
 * and ours as it ships always; a peer with distinct tokens only, where the best peer is taken.
 */
export const neededForTargets = (contender: Contender, tokens: TokenMode): boolean =>
  contender.role === "peer" ? tokens === "distinct" : contender.cache !== false;

/**
 * Every contender, by framework. Ours joins a framework once the library has its adapter;
 * until then that framework is measured for its peers only. With `noCache`, each of ours
 * runs twice: as it ships, and without its verified-token cache.
 */
export function contenders({ noCache }: { noCache: boolean }): Contender[] {
  return bothCaches(
    [
      contender("express", "none", "no auth", "no-auth", null),
      contender("express", "express-jwt", "express-jwt", "peer", "header"),
      contender("express", "passport-jwt", "passport-jwt", "peer", "header"),
      contender("express", "ours-header", "jwt-extended (header)", "ours", "header"),
      contender("express", "ours-cookie", "jwt-extended (cookie + CSRF)", "ours", "cookie"),
      contender("fastify", "none", "no auth", "no-auth", null),
      contender("fastify", "fastify-jwt", "@fastify/jwt", "peer", "header"),
      ...(hasAdapter("fastify")
        ? [contender("fastify", "ours-header", "jwt-extended (header)", "ours", "header")]
        : []),
      contender("hono", "none", "no auth", "no-auth", null),
      contender("hono", "hono-jwt", "hono/jwt", "peer", "header"),
      ...(hasAdapter("hono")
        ? [contender("hono", "ours-header", "jwt-extended (header)", "ours", "header")]
        : []),
      contender("nest", "none", "no auth", "no-auth", null),
      contender("nest", "passport-jwt", "@nestjs/passport + passport-jwt", "peer", "header"),
      ...(hasAdapter("nest")
        ? [contender("nest", "ours-header", "jwt-extended (header)", "ours", "header")]
        : []),
      contender("koa", "none", "no auth", "no-auth", null),
      contender("koa", "koa-jwt", "koa-jwt", "peer", "header"),
      ...(hasAdapter("koa")
        ? [contender("koa", "ours-header", "jwt-extended (header)", "ours", "header")]
        : []),
    ],
    noCache,
  );
}
