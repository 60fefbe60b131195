import { toWebResponse as toResponse } from "../http/answer.ts";
import { createBinding } from "../http/binding.ts";
import { RequestSlot } from "../http/request-slot.ts";
import type { RequiredRoute, VerifiedContext } from "../http/verified-context.ts";
import type { JwtManager } from "../manager.ts";
import type { RouteOptions } from "../request/route-options.ts";
import type { JwtContext } from "../request/verify-request.ts";
import { webRequestView } from "../request/web-request.ts";

/**
 * A Web-standard handler behind `jwtRequired`: the request, its verified JWT state (a
 * {@link VerifiedContext} behind a required guard), then whatever else the runtime passes
 * (a Worker's `env` and `ctx`, a Next.js route's `{ params }`).
 *
 * @example
 * const handler: ProtectedHandler<JwtContext<string>, []> = (_request, jwt) =>
 *   Response.json({ user: jwt.identity });
 */
export type ProtectedHandler<Ctx, Args extends unknown[]> = (
  request: Request,
  jwt: Ctx,
  ...args: Args
) => Response | Promise<Response>;

/** What `jwtRequired(options)` returns: it wraps a {@link ProtectedHandler}. */
export type Protect<Ctx> = <Args extends unknown[]>(
  handler: ProtectedHandler<Ctx, Args>,
) => (request: Request, ...args: Args) => Promise<Response>;

/**
 * Where the cookie helpers add `Set-Cookie`: a `Response` (with mutable headers) or `Headers`.
 *
 * @example
 * const headers = new Headers();
 * unsetJwtCookies(headers);
 * return new Response(null, { status: 204, headers });
 */
export type CookieTarget = Response | Headers;

/**
 * Binds a {@link JwtManager} to the Web-standard `fetch` API (`Request` in, `Response`
 * out), with no framework: for Bun, Deno, Cloudflare Workers, Next.js route handlers. The
 * body is read, for the json location and the CSRF form field only, from a clone.
 *
 * @example
 * const { jwtRequired, setAccessCookies } = fetchJwt(jwt);
 * export const GET = jwtRequired()(async (_request, jwt) => Response.json({ user: jwt.identity }));
 */
export function fetchJwt<Identity, User, Claims extends object>(
  manager: JwtManager<Identity, User, Claims>,
) {
  type Ctx = JwtContext<Identity, User, Claims>;
  const binding = createBinding(manager);
  const viewOptions = { bodyLimit: manager.options.bodyLimit };
  const viewOf = (request: Request) => webRequestView(request, viewOptions);
  const contexts = new RequestSlot<Request, Ctx>("jwt-extended.context"); // one per request
  const answerError = async (error: unknown) => toResponse(await binding.answerError(error));

  function jwtRequired(
    options?: RouteOptions & RequiredRoute,
  ): Protect<VerifiedContext<Identity, User, Claims>>;
  function jwtRequired(options: RouteOptions): Protect<Ctx>;
  /** Wraps a handler so that it runs only for a request with a valid token, as the Python decorator. */
  function jwtRequired(options: RouteOptions = {}): Protect<Ctx> {
    const guard = binding.guard(options);
    return (handler) =>
      async (request, ...args) => {
        const { context, answer } = await guard(viewOf(request));
        if (answer) return toResponse(answer);
        contexts.set(request, context);
        const response = await handler(request, context, ...args);
        // The after-route point: the handler's Response.
        return binding.due(context) ? binding.afterRouteResponse(context, response) : response;
      };
  }

  return {
    jwtRequired,
    /** Verifies a request inside a handler; throws client failures (see {@link jwtErrorResponse}). */
    async verifyJwtInRequest(request: Request, options: RouteOptions = {}): Promise<Ctx> {
      const context = await binding.verify(viewOf(request), options);
      contexts.set(request, context);
      return context;
    },
    /** The loaders' response to a client failure; rethrows every other error. */
    jwtErrorResponse: answerError,
    /** Answers a refresh behind `jwtRequired({ refresh: true })`, or the loaders' failure answer. */
    async refresh(context: Ctx): Promise<Response> {
      return toResponse(await binding.refresh(context).catch(binding.answerError));
    },
    /**
     * Revokes what `request` presents and returns `response` with the JWT cookies unset; the
     * loaders' 503 response instead when the revocation cannot be stored.
     */
    async logout(request: Request, response: Response): Promise<Response> {
      try {
        const cookies = await binding.logout(viewOf(request), contexts.get(request));
        for (const cookie of cookies) response.headers.append("set-cookie", cookie);
        return response;
      } catch (error) {
        return answerError(error);
      }
    },
    ...binding.accessors((request: Request) => contexts.get(request)),
    // A Response from fetch() has immutable headers: copy it (new Response(res.body, res)) first.
    ...binding.cookieWriters((target: CookieTarget, cookies) => {
      const headers = target instanceof Response ? target.headers : target;
      for (const cookie of cookies) headers.append("set-cookie", cookie);
    }),
  };
}

/** What {@link fetchJwt} returns, to pass a binding around. */
export type FetchJwt<Identity, User, Claims extends object> = ReturnType<
  typeof fetchJwt<Identity, User, Claims>
>;
