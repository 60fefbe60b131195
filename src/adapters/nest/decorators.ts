import { createParamDecorator, type ExecutionContext } from "@nestjs/common";
import type { NestRequest } from "./platform.ts";
import { requireContext } from "./request-context.ts";

// Each reads the context the guard kept; on a route without one they throw a
// MissingGuardError (a 500: a program's mistake, not the client's).
const contextOf = (execution: ExecutionContext) =>
  requireContext(execution.switchToHttp().getRequest<NestRequest>());

/**
 * The user the user-lookup loader returned for the verified token (`null` on an optional
 * route without a token), as the Python library's `current_user`.
 *
 * @example
 * me(@CurrentUser() user: User) { return { name: user.name }; }
 */
export const CurrentUser = createParamDecorator(
  (_data: unknown, execution: ExecutionContext) => contextOf(execution).user,
);

/**
 * The verified token's claims (`{}` on an optional route without a token), as `get_jwt()`.
 *
 * @example
 * claims(@Jwt() jwt: JwtPayload) { return { type: jwt.type }; }
 */
export const Jwt = createParamDecorator(
  (_data: unknown, execution: ExecutionContext) => contextOf(execution).payload,
);

/**
 * The identity claim's value (`null` without a token), as `get_jwt_identity()`.
 *
 * @example
 * whoami(@JwtIdentity() identity: string) { return { identity }; }
 */
export const JwtIdentity = createParamDecorator(
  (_data: unknown, execution: ExecutionContext) => contextOf(execution).identity,
);

/**
 * The verified token's header (`{}` without a token), as `get_jwt_header()`.
 *
 * @example
 * kid(@JwtHeader() header: JwtHeader) { return { kid: header.kid }; }
 */
export const JwtHeader = createParamDecorator(
  (_data: unknown, execution: ExecutionContext) => contextOf(execution).header,
);
