import type { JwtManager } from "../manager.ts";
import type { RequestView } from "../request/request-view.ts";
import type { RouteOptions } from "../request/route-options.ts";
import { type JwtContext, optionsAnswer } from "../request/verify-request.ts";
import { type HttpAnswer, toAnswer } from "./answer.ts";
import { isClientError } from "./responses.ts";

/**
 * What a guard decides for one request: go on with the verified `context`, or send `answer`
 * (the loaders' answer to the client's failure, or the empty 204 to `OPTIONS`) and run no
 * handler.
 */
export type Guarded<Identity, User, Claims extends object> =
  | { readonly context: JwtContext<Identity, User, Claims>; readonly answer?: undefined }
  | { readonly answer: HttpAnswer; readonly context?: undefined };

/**
 * A route's guard: its options compiled once, then one call per request. It decides at
 * once, without a promise, when nothing needs awaiting (configured keys, no body to read,
 * no store or async loader), which is the usual case; otherwise it returns a promise.
 * `await` takes both; {@link whenGuarded} keeps the first synchronous.
 */
export type Guard<Identity, User, Claims extends object> = (
  view: RequestView,
) => Guarded<Identity, User, Claims> | Promise<Guarded<Identity, User, Claims>>;

/**
 * The loaders' answer to a failure the client caused; every other error (a loader of the
 * application's that threw, a missing guard) is rethrown for the framework's error handling.
 */
export async function answerClientError(
  manager: Pick<JwtManager<never, never, object>, "errorResponse">,
  error: unknown,
): Promise<HttpAnswer> {
  if (!isClientError(error)) throw error;
  return toAnswer(await manager.errorResponse(error));
}

/**
 * Compiles a route's options (a bad option throws here, when the route is declared) and
 * returns its guard. `OPTIONS` is answered with an empty 204 and verifies nothing, so the
 * guarded handler never runs for it (BEHAVIOR.md; CORS belongs before the guard).
 */
export function createGuard<Identity, User, Claims extends object>(
  manager: JwtManager<Identity, User, Claims>,
  options: RouteOptions,
): Guard<Identity, User, Claims> {
  const route = manager.route(options);
  type Decision = Guarded<Identity, User, Claims>;
  const refuse = async (error: unknown): Promise<Decision> => ({
    answer: await answerClientError(manager, error),
  });
  const pass = (context: JwtContext<Identity, User, Claims>): Decision => ({ context });
  return (view) => {
    const preflight = optionsAnswer(view);
    if (preflight !== undefined) return { answer: toAnswer(preflight) };
    let checked: JwtContext<Identity, User, Claims> | Promise<JwtContext<Identity, User, Claims>>;
    try {
      checked = manager.verifyRequestNow(view, route);
    } catch (error) {
      return refuse(error);
    }
    return checked instanceof Promise ? checked.then(pass, refuse) : { context: checked };
  };
}

/**
 * Applies a guard's decision: at once when the guard decided synchronously, saving the
 * promises of the usual request, or once it settles. A guard or `apply` that throws (an
 * error that is not the client's, which no guard answers) goes to `fail`.
 *
 * @example
 * whenGuarded(() => guard(view), ({ context, answer }) => (answer ? send(answer) : next()), next);
 */
export function whenGuarded<Decision>(
  decide: () => Decision | Promise<Decision>,
  apply: (decision: Decision) => void,
  fail: (error: unknown) => void,
): void {
  let decision: Decision | Promise<Decision>;
  try {
    decision = decide();
  } catch (error) {
    fail(error);
    return;
  }
  if (decision instanceof Promise) {
    decision.then(apply).catch(fail);
    return;
  }
  try {
    apply(decision);
  } catch (error) {
    fail(error);
  }
}

/**
 * {@link whenGuarded} for a framework of promises (or one that takes either): `apply` runs
 * at once on a synchronous decision, sparing the usual request an `await` of a value that
 * is not a promise, or once the decision settles.
 *
 * @example
 * return thenGuarded(guard(view), async ({ context, answer }) => (answer ? respond(answer) : next()));
 */
export function thenGuarded<Decision, Result>(
  decision: Decision | Promise<Decision>,
  apply: (decision: Decision) => Promise<Result>,
): Promise<Result>;
/** With a synchronous `apply`: its result at once on a synchronous decision, else a promise of it. */
export function thenGuarded<Decision, Result>(
  decision: Decision | Promise<Decision>,
  apply: (decision: Decision) => Result,
): Result | Promise<Result>;
export function thenGuarded<Decision, Result>(
  decision: Decision | Promise<Decision>,
  apply: (decision: Decision) => Result,
): Result | Promise<Result> {
  return decision instanceof Promise ? decision.then(apply) : apply(decision);
}
