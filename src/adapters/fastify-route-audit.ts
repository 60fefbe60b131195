import { subscribe } from "node:diagnostics_channel";
import type { FastifyInstance } from "fastify";
import { ConfigurationError } from "../errors.ts";

/**
 * Whether a route's `config.jwt` asks for protection: anything but absent or `false`
 * (a value that is not an options object means the default options).
 */
export const wantsJwt = (value: unknown): boolean => value !== undefined && value !== false;

/** What every copy of the library in the process (ESM and CommonJS builds) shares. */
interface Registry {
  /**
   * Scopes whose routes pass the plugin's guard: each scope the plugin was registered in,
   * and the child scopes created after that (a child copies its parent's hooks when created).
   */
  readonly protectedScopes: WeakSet<FastifyInstance>;
  /** The servers of the applications audited since their creation. */
  readonly auditedServers: WeakSet<object>;
  subscribed: boolean;
}

const REGISTRY: unique symbol = Symbol.for("jwt-extended.fastify.routeAudit");
// Kept on globalThis so that two copies of the library agree on which scopes are protected.
const holder = globalThis as { [REGISTRY]?: Registry };
holder[REGISTRY] ??= {
  protectedScopes: new WeakSet(),
  auditedServers: new WeakSet(),
  subscribed: false,
};
const registry: Registry = holder[REGISTRY];

const routeName = (method: string | string[], url: string): string =>
  `${[method].flat().join(",")} ${url}`;

/**
 * Watches a new application from its creation: records every route declaring `config.jwt`
 * (from the root, the hook reaches every scope) and, when the application gets ready,
 * fails if one of them is in no scope that a plugin protects. Otherwise such a route would
 * be served with no check at all: nothing of the plugin runs outside its scope.
 */
function auditRoutes(root: FastifyInstance): void {
  registry.auditedServers.add(root.server);
  const declared: { scope: FastifyInstance; name: string }[] = [];
  root.addHook("onRegister", function (this: FastifyInstance, child: FastifyInstance) {
    if (registry.protectedScopes.has(this)) registry.protectedScopes.add(child);
  });
  root.addHook("onRoute", function (this: FastifyInstance, route) {
    if (wantsJwt(route.config?.jwt)) {
      declared.push({ scope: this, name: routeName(route.method, route.url) });
    }
  });
  root.addHook("onReady", async () => {
    const names = declared
      .filter((route) => !registry.protectedScopes.has(route.scope))
      .map((route) => route.name);
    if (names.length > 0) {
      throw new ConfigurationError(
        `config.jwt on ${[...new Set(names)].join(", ")}, which no jwt-extended plugin protects: register the plugin in the route's scope or an enclosing one, before the child scopes that declare such routes`,
      );
    }
  });
}

if (!registry.subscribed) {
  registry.subscribed = true;
  // Fastify announces every new instance here, before any plugin or route is added to it.
  subscribe("fastify.initialization", (message) => {
    const { fastify } = message as { fastify: FastifyInstance };
    auditRoutes(fastify);
  });
}

/**
 * Records that the plugin guards `scope` (and the child scopes created from now on), and
 * refuses to run in an application created before this module was loaded, whose routes
 * could not be audited.
 */
export function protectScope(scope: FastifyInstance): void {
  if (!registry.auditedServers.has(scope.server)) {
    throw new ConfigurationError(
      "jwt-extended/fastify was loaded after this Fastify instance was created, so the routes declaring config.jwt outside the plugin's scope cannot be checked: import jwt-extended/fastify before calling Fastify()",
    );
  }
  registry.protectedScopes.add(scope);
}
