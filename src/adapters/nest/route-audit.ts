import type { OnModuleInit } from "@nestjs/common";
import { DiscoveryService, HttpAdapterHost, MetadataScanner, Reflector } from "@nestjs/core";
import type { RouteOptions } from "../../request/route-options.ts";
import type { NestRuntime } from "./runtime.ts";
import { injectable, JWT_ROUTE, JWT_RUNTIME, JWT_SETTINGS } from "./tokens.ts";

/** What `JwtExtendedModule` is given besides the manager. */
export interface JwtModuleSettings {
  /**
   * On Fastify, parse urlencoded and multipart bodies where no parser is registered, for
   * the CSRF form field (`csrfCheckForm`); Fastify answers 415 to a body it cannot parse
   * before any guard runs. @default false
   */
  formBodies?: boolean;
}

/**
 * At start-up (`app.init()`, `app.listen()`): installs the platform's hooks, and compiles
 * the options of every `@JwtRequired()` of the application's controllers, so that a bad
 * option fails the start rather than a request.
 */
export class JwtRouteAudit implements OnModuleInit {
  readonly #runtime: NestRuntime;
  readonly #settings: JwtModuleSettings;
  readonly #discovery: DiscoveryService;
  readonly #reflector: Reflector;
  readonly #adapterHost: HttpAdapterHost;

  constructor(
    runtime: NestRuntime,
    settings: JwtModuleSettings,
    discovery: DiscoveryService,
    reflector: Reflector,
    adapterHost: HttpAdapterHost,
  ) {
    this.#runtime = runtime;
    this.#settings = settings;
    this.#discovery = discovery;
    this.#reflector = reflector;
    this.#adapterHost = adapterHost;
  }

  onModuleInit(): void {
    this.#runtime.install(this.#adapterHost.httpAdapter, this.#settings.formBodies ?? false);
    const scanner = new MetadataScanner();
    for (const { metatype } of this.#discovery.getControllers()) {
      if (typeof metatype !== "function") continue;
      this.#compile(metatype);
      const prototype = metatype.prototype as Record<string, unknown>;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const method = prototype[name];
        if (typeof method === "function") this.#compile(method);
      }
    }
  }

  #compile(target: object): void {
    const options = this.#reflector.get<RouteOptions | undefined>(JWT_ROUTE, target as never);
    if (options !== undefined) this.#runtime.guardFor(options);
  }
}
injectable(JwtRouteAudit, [
  JWT_RUNTIME,
  JWT_SETTINGS,
  DiscoveryService,
  Reflector,
  HttpAdapterHost,
]);
