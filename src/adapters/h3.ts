import {
  defineHandler,
  type EventHandlerWithFetch,
  type H3Event,
  type H3EventContext,
  HTTPError,
  HTTPResponse,
  type Middleware,
} from "h3";
import { toWebResponse as toResponse } from "../http/answer.ts";
import { createBinding } from "../http/binding.ts";
import { type Guarded, thenGuarded } from "../http/guard.ts";
import { isClientError } from "../http/responses.ts";
import type { RequiredRoute, VerifiedContext } from "../http/verified-context.ts";
import type { JwtManager } from "../manager.ts";
import type { RouteOptions } from "../request/route-options.ts";
import type { JwtContext } from "../request/verify-request.ts";
import { webRequestView } from "../request/web-request.ts";

/**
 * An event whose `event.context.jwt` a guard set: the verified request's {@link JwtContext}
 * (a {@link VerifiedContext} behind a required guard).
 *
 * @example
 * const me = (event: JwtEvent<VerifiedContext<string, User>>) => ({ name: event.context.jwt.user.name });
 */
export type JwtEvent<Ctx = JwtContext> = H3Event & {
  readonly context: H3EventContext & { jwt: Ctx };
};

/** The status and `Set-Cookie` of what a handler returned, as h3 will send it. */
const routeAnswer = (event: H3Event, value: unknown) => {
  const prepared = event.res.headers.getSetCookie();
  if (value instanceof Response || value instanceof HTTPResponse) {
    const setCookie = [...value.headers.getSetCookie(), ...prepared];
    return { status: value.status ?? event.res.status ?? 200, setCookie };
  }
  return { status: event.res.status ?? 200, setCookie: prepared };
};

/**
 * Binds a {@link JwtManager} to h3 2: the `jwtRequired` middleware (setting
 * `event.context.jwt`, and renewing cookies once the handler has answered), `protect` for
 * a handler typed with its context, inline verification, accessors and cookie helpers on
 * the event. The body is read, for the json location and the CSRF form field only, from a
 * clone of `event.req`.
 *
 * @example
 * const { protect, jwtErrorHandler } = h3Jwt(jwt);
 * const app = new H3({ onError: jwtErrorHandler() });
 * app.get("/me", protect((event) => ({ user: event.context.jwt.identity })));
 */
export function h3Jwt<Identity, User, Claims extends object>(
  manager: JwtManager<Identity, User, Claims>,
) {
  type Ctx = JwtContext<Identity, User, Claims>;
  const binding = createBinding(manager);
  const viewOptions = { bodyLimit: manager.options.bodyLimit };
  const viewOf = (event: H3Event) => webRequestView(event.req as Request, viewOptions);
  const contextOf = (event: H3Event): Ctx | undefined => (event.context as { jwt?: Ctx }).jwt;
  const keep = (event: H3Event, context: Ctx): void => {
    (event.context as { jwt?: Ctx }).jwt = context;
  };
  const addCookies = (event: H3Event, cookies: readonly string[]): void => {
    for (const cookie of cookies) event.res.headers.append("set-cookie", cookie);
  };
  // h3's error path: an HTTPError with the loaders' status, headers and body, whose exact
  // answer `jwtErrorHandler` sends.
  const answered = new WeakMap<Error, Response>();
  const throwAnswered = async (error: unknown): Promise<never> => {
    if (!isClientError(error)) throw error;
    const answer = await binding.answerError(error);
    const body: unknown = answer.body === null ? undefined : JSON.parse(answer.body);
    const isObject = typeof body === "object" && body !== null && !Array.isArray(body);
    const thrown = new HTTPError({
      status: answer.status,
      message: error.message,
      headers: answer.headers,
      ...(isObject ? { body: body as Record<string, unknown> } : { data: body }),
      cause: error,
    });
    answered.set(thrown, toResponse(answer));
    throw thrown;
  };

  /**
   * Middleware that lets a request through only with a valid token (see {@link RouteOptions}):
   * `app.get(path, handler, { middleware: [jwtRequired()] })`.
   */
  function jwtRequired(options: RouteOptions = {}): Middleware {
    const guard = binding.guard(options);
    const pass = async (
      event: H3Event,
      next: () => unknown,
      { context, answer }: Guarded<Identity, User, Claims>,
    ) => {
      if (answer) return toResponse(answer);
      keep(event, context);
      const value = await next();
      // The after-route point: what the handler returned, before h3 makes it a Response.
      if (binding.due(context))
        addCookies(event, (await binding.afterRoute(context, routeAnswer(event, value))) ?? []);
      return value;
    };
    return (event, next) => thenGuarded(guard(viewOf(event)), (d) => pass(event, next, d));
  }

  function protect<Result>(
    handler: (event: JwtEvent<VerifiedContext<Identity, User, Claims>>) => Result,
    options?: RouteOptions & RequiredRoute,
  ): EventHandlerWithFetch;
  function protect<Result>(
    handler: (event: JwtEvent<Ctx>) => Result,
    options: RouteOptions,
  ): EventHandlerWithFetch;
  /** A handler behind `jwtRequired(options)`, given the event with its context typed. */
  function protect<Result>(
    handler: (event: JwtEvent<VerifiedContext<Identity, User, Claims>>) => Result,
    options: RouteOptions = {},
  ): EventHandlerWithFetch {
    return defineHandler({
      middleware: [jwtRequired(options)],
      // The guard's context is verified unless the route is optional, whose overload says so.
      handler: (event) => handler(event as JwtEvent<VerifiedContext<Identity, User, Claims>>),
    });
  }

  return {
    jwtRequired,
    protect,
    /**
     * The app's `onError` hook (`new H3({ onError: jwtErrorHandler() })`): the loaders' exact
     * answer to the failures the helpers below throw; other errors keep h3's answer.
     */
    jwtErrorHandler() {
      return (error: HTTPError): Response | undefined => answered.get(error)?.clone();
    },
    /** Verifies the request inside a handler and sets `event.context.jwt`; failures as an HTTPError. */
    async verifyJwtInRequest(event: H3Event, options: RouteOptions = {}): Promise<Ctx> {
      const context = await binding.verify(viewOf(event), options).catch(throwAnswered);
      keep(event, context);
      return context;
    },
    /** Answers a refresh behind `jwtRequired({ refresh: true })`; failures as an HTTPError. */
    async refresh(event: H3Event): Promise<Response> {
      return toResponse(await binding.refresh(contextOf(event)).catch(throwAnswered));
    },
    /** Revokes what the request presents and unsets the JWT cookies; the handler answers. */
    async logout(event: H3Event): Promise<void> {
      addCookies(event, await binding.logout(viewOf(event), contextOf(event)).catch(throwAnswered));
    },
    ...binding.accessors(contextOf),
    ...binding.cookieWriters(addCookies),
  };
}

/** What {@link h3Jwt} returns, to pass a binding around. */
export type H3Jwt<Identity, User, Claims extends object> = ReturnType<
  typeof h3Jwt<Identity, User, Claims>
>;
