import type { DynamicModule, FactoryProvider, ModuleMetadata, Provider } from "@nestjs/common";
import { Module } from "@nestjs/common";
import { APP_FILTER, DiscoveryModule } from "@nestjs/core";
import { createBinding } from "../../http/binding.ts";
import { JwtManager, type JwtManagerOptions } from "../../manager.ts";
import { JwtExceptionFilter } from "./filter.ts";
import { JwtGuard } from "./guard.ts";
import { type JwtModuleSettings, JwtRouteAudit } from "./route-audit.ts";
import { createNestRuntime } from "./runtime.ts";
import { JwtExtendedService } from "./service.ts";
import { JWT_BINDING, JWT_RUNTIME, JWT_SETTINGS } from "./tokens.ts";

/** A manager, or the options to build one with (`new JwtManager(options)`). */
// biome-ignore lint/suspicious/noExplicitAny: a manager of any identity, user and claims types
export type JwtSource = JwtManager<any, any, any> | JwtManagerOptions<any, any, any>;

/** `forRootAsync`'s argument: a factory of the manager (or its options) and its dependencies. */
export interface JwtModuleAsyncOptions extends JwtModuleSettings {
  /** Modules whose providers the factory injects (a `ConfigModule`, say). */
  imports?: ModuleMetadata["imports"];
  /** The factory's arguments, in order. */
  inject?: FactoryProvider["inject"];
  // biome-ignore lint/suspicious/noExplicitAny: the injected providers' types are the application's
  useFactory: (...args: any[]) => JwtSource | Promise<JwtSource>;
}

const toManager = (source: JwtSource): JwtManager<unknown, unknown, object> =>
  source instanceof JwtManager ? source : new JwtManager(source);

/**
 * The module of the library in a Nest application, global: it provides the manager
 * (`@Inject(JwtManager)`), its HTTP binding (`@Inject(JWT_BINDING)`), {@link JwtGuard},
 * `JwtExtendedService`, and the exception filter that answers the library's errors with
 * its JSON (installed for the whole application).
 *
 * @example
 * \@Module({ imports: [JwtExtendedModule.forRoot({ secretKey: process.env.JWT_SECRET_KEY })] })
 * class AppModule {}
 */
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest module is a class, imported by its forRoot
export class JwtExtendedModule {
  /** The module for a manager, or for the options to build one with. */
  static forRoot(source: JwtSource, settings: JwtModuleSettings = {}): DynamicModule {
    return moduleOf([], { provide: JwtManager, useFactory: () => toManager(source) }, settings);
  }

  /**
   * The module for a manager built by a factory with injected providers, such as a
   * `ConfigService`.
   *
   * @example
   * JwtExtendedModule.forRootAsync({
   *   imports: [ConfigModule],
   *   inject: [ConfigService],
   *   useFactory: (config: ConfigService) => ({ secretKey: config.get("JWT_SECRET_KEY") }),
   * });
   */
  static forRootAsync(options: JwtModuleAsyncOptions): DynamicModule {
    const { imports = [], inject = [], useFactory, ...settings } = options;
    const manager: FactoryProvider = {
      provide: JwtManager,
      useFactory: async (...args: unknown[]) => toManager(await useFactory(...args)),
      inject,
    };
    return moduleOf(imports, manager, settings);
  }
}
Module({})(JwtExtendedModule);

function moduleOf(
  imports: NonNullable<ModuleMetadata["imports"]>,
  manager: FactoryProvider,
  settings: JwtModuleSettings,
): DynamicModule {
  const providers: Provider[] = [
    manager,
    { provide: JWT_BINDING, useFactory: createBinding, inject: [JwtManager] },
    { provide: JWT_RUNTIME, useFactory: createNestRuntime, inject: [JWT_BINDING] },
    { provide: JWT_SETTINGS, useValue: settings },
    JwtGuard,
    JwtExceptionFilter,
    JwtExtendedService,
    JwtRouteAudit,
    { provide: APP_FILTER, useExisting: JwtExceptionFilter },
  ];
  return {
    module: JwtExtendedModule,
    global: true,
    imports: [DiscoveryModule, ...imports],
    providers,
    exports: [
      JwtManager,
      JWT_BINDING,
      JWT_RUNTIME,
      JwtGuard,
      JwtExceptionFilter,
      JwtExtendedService,
    ],
  };
}
