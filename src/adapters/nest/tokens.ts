import "reflect-metadata";
import { Inject, Injectable, type InjectionToken } from "@nestjs/common";

/** The injection token of the manager's {@link HttpBinding} (`@Inject(JWT_BINDING)`). */
export const JWT_BINDING = "jwt-extended:binding";

/** The guard, filter and service's shared state (see `NestRuntime`). */
export const JWT_RUNTIME = "jwt-extended:nest-runtime";

/** The module's own settings (see `JwtModuleSettings`). */
export const JWT_SETTINGS = "jwt-extended:nest-settings";

/** The metadata key under which `@JwtRequired()` keeps a route's options. */
export const JWT_ROUTE = "jwt-extended:route";

/**
 * Marks `target` injectable with these constructor arguments, as `@Injectable()` and
 * `@Inject(token)` on each parameter would: the package is compiled without decorator
 * syntax or emitted metadata, so that applications need neither for it.
 */
export function injectable(
  target: abstract new (...args: never[]) => unknown,
  tokens: InjectionToken[],
): void {
  Injectable()(target);
  tokens.forEach((token, index) => {
    Inject(token)(target, undefined, index);
  });
}
