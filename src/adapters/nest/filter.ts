import { type ArgumentsHost, Catch } from "@nestjs/common";
import { BaseExceptionFilter, HttpAdapterHost } from "@nestjs/core";
import { JwtExtendedError } from "../../errors.ts";
import type { HttpAnswer } from "../../http/answer.ts";
import { isClientError } from "../../http/responses.ts";
import type { NestResponse } from "./platform.ts";
import { sendAnswer } from "./platform.ts";
import type { NestRuntime } from "./runtime.ts";
import { injectable, JWT_RUNTIME } from "./tokens.ts";

/** A guard's refusal (the loaders' answer, or the empty 204 to OPTIONS), on Nest's error path. */
export class GuardAnswer extends Error {
  constructor(readonly answer: HttpAnswer) {
    super(`answered ${answer.status} by the JWT guard`);
    this.name = "GuardAnswer";
  }
}

/**
 * Answers the guard's refusals and the `JwtExtendedError`s that handlers and helpers throw
 * (a reused refresh token: 401; the store unreachable: 503) with the library's JSON, through
 * the loaders, never in Nest's error shape. A `JwtExtendedError` that is a program's
 * mistake (a `MissingGuardError`) goes on to Nest's own handling, a 500.
 *
 * `JwtExtendedModule` installs it globally, and `@JwtRequired()` on its routes, where it
 * comes before the application's global filters.
 */
export class JwtExceptionFilter extends BaseExceptionFilter {
  readonly #runtime: NestRuntime;

  constructor(runtime: NestRuntime, adapterHost: HttpAdapterHost) {
    super(adapterHost.httpAdapter);
    this.#runtime = runtime;
  }

  override catch(exception: unknown, host: ArgumentsHost): Promise<void> | void {
    const res = host.switchToHttp().getResponse<NestResponse>();
    if (exception instanceof GuardAnswer) return sendAnswer(res, exception.answer);
    if (!isClientError(exception)) return super.catch(exception, host);
    // A loader may answer asynchronously.
    return this.#runtime.binding.answerError(exception).then(
      (answer) => sendAnswer(res, answer),
      (error: unknown) => super.catch(error, host),
    );
  }
}
Catch(JwtExtendedError, GuardAnswer)(JwtExceptionFilter);
injectable(JwtExceptionFilter, [JWT_RUNTIME, HttpAdapterHost]);
