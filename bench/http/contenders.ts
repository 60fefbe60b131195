import { hasAdapter } from "../build-library.ts";
import type { TokenCarrier } from "../fixture.ts";

export type Framework = "express" | "fastify" | "hono";

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
}

export const FRAMEWORK_LABELS: Readonly<Record<Framework, string>> = {
  express: "Express 5",
  fastify: "Fastify 5",
  hono: "Hono 4 (@hono/node-server)",
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
});

/**
 * Every contender, by framework. Ours joins a framework once the library has its adapter;
 * until then that framework is measured for its peers only.
 */
export function contenders(): Contender[] {
  return [
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
  ];
}
