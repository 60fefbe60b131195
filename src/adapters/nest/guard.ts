import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  SetMetadata,
  UseFilters,
  UseGuards,
} from "@nestjs/common";
import { Reflector } from "@nestjs/core";
import { type Guarded, thenGuarded } from "../../http/guard.ts";
import type { RouteOptions } from "../../request/route-options.ts";
import { GuardAnswer, JwtExceptionFilter } from "./filter.ts";
import type { NestRequest, NestResponse } from "./platform.ts";
import { holdContext } from "./request-context.ts";
import type { NestRuntime } from "./runtime.ts";
import { injectable, JWT_ROUTE, JWT_RUNTIME } from "./tokens.ts";

/**
 * Lets a request through a route marked with {@link JwtRequired} only with a valid token
 * (see {@link RouteOptions}), and keeps the verified context for the param decorators and
 * `JwtExtendedService`; routes without the mark pass untouched. `@JwtRequired()` applies
 * it by itself; register it as `APP_GUARD` as well to have it run before the
 * application's own guards. A request is verified once, however many times it runs.
 */
export class JwtGuard implements CanActivate {
  readonly #runtime: NestRuntime;
  readonly #reflector: Reflector;

  constructor(runtime: NestRuntime, reflector: Reflector) {
    this.#runtime = runtime;
    this.#reflector = reflector;
  }

  /** Answers at once, without a promise, when the route's guard decides synchronously. */
  canActivate(execution: ExecutionContext): boolean | Promise<boolean> {
    if (execution.getType() !== "http") return true;
    const options = this.#reflector.getAllAndOverride<RouteOptions | undefined>(JWT_ROUTE, [
      execution.getHandler(),
      execution.getClass(),
    ]);
    const http = execution.switchToHttp();
    const req = http.getRequest<NestRequest>();
    if (options === undefined || this.#runtime.guarded(req)) return true;
    const admit = ({ context, answer }: Guarded<unknown, unknown, object>): boolean => {
      // Thrown rather than written here: Nest's error path reaches the filter, and no handler.
      if (answer) throw new GuardAnswer(answer);
      holdContext(req, context);
      this.#runtime.admit(req, http.getResponse<NestResponse>(), context);
      return true;
    };
    return thenGuarded(this.#runtime.guardFor(options)(this.#runtime.viewOf(req)), admit);
  }
}
injectable(JwtGuard, [JWT_RUNTIME, Reflector]);

/**
 * Protects a route (on a handler) or every route of a controller (on the class), as the
 * Python library's `@jwt_required()`: it applies {@link JwtGuard} and the library's
 * exception filter. The options are checked when the application starts.
 *
 * @example
 * \@Get("fresh")
 * \@JwtRequired({ fresh: true })
 * fresh(@JwtIdentity() identity: string) {
 *   return { identity };
 * }
 */
export function JwtRequired(options: RouteOptions = {}): ClassDecorator & MethodDecorator {
  return applyDecorators(
    SetMetadata(JWT_ROUTE, options),
    UseGuards(JwtGuard),
    UseFilters(JwtExceptionFilter),
  );
}
