import { createCookieWriters } from "../http/cookie-writers.ts";
import type { JwtResponse } from "../loaders.ts";
import type { JwtManager } from "../manager.ts";
import { answerRefresh } from "../http/refresh-answer.ts";
import { createJwtAccessors } from "../http/accessors.ts";
import { isClientError, serializeResponse } from "../responses.ts";
import type { RouteOptions } from "../route-options.ts";
import type { JwtContext } from "../verify-request.ts";
import { webRequestView } from "../web-request.ts";

/**
 * A Web-standard handler behind `jwtRequired`: the request, its verified JWT state, then
 * whatever else the runtime passes (a Worker's `env` and `ctx`, a Next.js route's
 * `{ params }`).
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

/**
 * Where the cookie helpers add `Set-Cookie`: a `Response` (with mutable headers) or `Headers`.
 *
 * @example
 * const headers = new Headers();
 * unsetJwtCookies(headers);
 * return new Response(null, { status: 204, headers });
 */
export type CookieTarget = Response | Headers;

const toResponse = (response: JwtResponse): Response => {
  const { status, headers, body } = serializeResponse(response);
  return new Response(body, { status, headers });
};

/**
 * Binds a {@link JwtManager} to the Web-standard `fetch` API (`Request` in, `Response`
 * out), with no framework: for Bun, Deno, Cloudflare Workers, Next.js route handlers or
 * anything else that speaks `Request` and `Response`. Types flow from the manager.
 *
 * The body is read, for the json location and the CSRF form field only, from
 * `request.clone()`, so `await request.json()` still works in the handler.
 *
 * @example
 * const { jwtRequired, setAccessCookies } = fetchJwt(jwt);
 * export const GET = jwtRequired()(async (_request, jwt) => Response.json({ user: jwt.identity }));
 */
export function fetchJwt<Identity, User, Claims extends object>(
  manager: JwtManager<Identity, User, Claims>,
) {
  type Ctx = JwtContext<Identity, User, Claims>;
  const { bodyLimit } = manager.options;
  // A Request object is one request, so it keys the verified contexts.
  const contexts = new WeakMap<Request, Ctx>();

  const answerError = async (error: unknown): Promise<Response> => {
    if (!isClientError(error)) throw error;
    return toResponse(await manager.errorResponse(error));
  };

  // Implicit refresh's "after the route" point: the handler's Response.
  const implicitRefresh = async (response: Response, context: Ctx): Promise<Response> => {
    const answer = { status: response.status, setCookie: response.headers.getSetCookie() };
    const cookies = await manager.implicitRefreshCookies(context, answer);
    if (cookies === null) return response;
    // Copied: a Response from fetch() or Response.redirect() has immutable headers.
    const refreshed = new Response(response.body, response);
    for (const cookie of cookies) refreshed.headers.append("set-cookie", cookie);
    return refreshed;
  };

  return {
    /**
     * Wraps a handler so that it runs only for a request with a valid token (see
     * {@link RouteOptions}); any other request gets the loaders' response. Like the Python
     * decorator: `jwtRequired(options)(handler)`.
     */
    jwtRequired(options: RouteOptions = {}) {
      const route = manager.route(options);
      return <Args extends unknown[]>(handler: ProtectedHandler<Ctx, Args>) =>
        async (request: Request, ...args: Args): Promise<Response> => {
          const result = await manager.authenticate(webRequestView(request, { bodyLimit }), route);
          if (!result.ok) return toResponse(result.response);
          contexts.set(request, result.context);
          return implicitRefresh(await handler(request, result.context, ...args), result.context);
        };
    },

    /**
     * Verifies a request inside a handler; throws a `JwtExtendedError` for the client's
     * failures, which {@link jwtErrorResponse} turns into the loaders' response.
     */
    async verifyJwtInRequest(request: Request, options: RouteOptions = {}): Promise<Ctx> {
      const context = await manager.verifyRequest(webRequestView(request, { bodyLimit }), options);
      contexts.set(request, context);
      return context;
    },

    /** The loaders' response to a client failure; rethrows every other error. */
    jwtErrorResponse: answerError,

    /**
     * Answers a refresh request, in a handler wrapped by `jwtRequired({ refresh: true })`: a
     * new access token, and with `refreshRotation` a new refresh token, as cookies when the
     * refresh token was a cookie, else in the body; or the loaders' response to a failure (a
     * reused refresh token: 401; the store unreachable: 503).
     */
    async refresh(context: Ctx): Promise<Response> {
      try {
        const { body, cookies } = await answerRefresh(manager, context);
        const response = Response.json(body);
        for (const cookie of cookies) response.headers.append("set-cookie", cookie);
        return response;
      } catch (error) {
        return answerError(error);
      }
    },

    /**
     * Revokes every token `request` presents (access and refresh, cookie or header flow)
     * and their families, and returns `response` with the JWT cookies unset; when the
     * revocation cannot be stored, the loaders' 503 response instead.
     */
    async logout(request: Request, response: Response): Promise<Response> {
      try {
        const view = webRequestView(request, { bodyLimit });
        await manager.revokeRequestTokens(view, contexts.get(request));
      } catch (error) {
        return answerError(error);
      }
      for (const cookie of manager.unsetJwtCookies()) response.headers.append("set-cookie", cookie);
      return response;
    },

    ...createJwtAccessors((request: Request) => contexts.get(request)),
    // A Response from fetch() has immutable headers: copy it (new Response(res.body, res)) first.
    ...createCookieWriters(manager, (target: CookieTarget, cookies) => {
      const headers = target instanceof Response ? target.headers : target;
      for (const cookie of cookies) headers.append("set-cookie", cookie);
    }),
  };
}

/**
 * What {@link fetchJwt} returns, to pass a binding around.
 *
 * @example
 * function routes({ jwtRequired }: FetchJwt<string, User, Claims>) {}
 */
export type FetchJwt<Identity, User, Claims extends object> = ReturnType<
  typeof fetchJwt<Identity, User, Claims>
>;
