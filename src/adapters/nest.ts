/**
 * NestJS (12, on `@nestjs/platform-express` or `@nestjs/platform-fastify`): a global module
 * providing the manager, a guard applied by `@JwtRequired()`, param decorators, an
 * injectable service of helpers, and an exception filter answering with the library's
 * JSON. See docs/frameworks.md.
 *
 * @example
 * \@Controller()
 * class ProfileController {
 *   \@Get("me")
 *   \@JwtRequired()
 *   me(@JwtIdentity() identity: string) {
 *     return { identity };
 *   }
 * }
 *
 * @packageDocumentation
 */
export { CurrentUser, Jwt, JwtHeader, JwtIdentity } from "./nest/decorators.ts";
export { JwtExceptionFilter } from "./nest/filter.ts";
export { JwtGuard, JwtRequired } from "./nest/guard.ts";
export { JwtExtendedModule, type JwtModuleAsyncOptions, type JwtSource } from "./nest/module.ts";
export type { NestRequest, NestResponse } from "./nest/platform.ts";
export type { JwtModuleSettings } from "./nest/route-audit.ts";
export type { NestRuntime } from "./nest/runtime.ts";
export { JwtExtendedService } from "./nest/service.ts";
export { JWT_BINDING } from "./nest/tokens.ts";
