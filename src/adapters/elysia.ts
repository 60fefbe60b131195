import { Elysia, StatusMap, status } from "elysia";
import { toWebResponse as toResponse } from "../http/answer.ts";
import { createBinding } from "../http/binding.ts";
import { RequestSlot } from "../http/request-slot.ts";
import { isClientError } from "../http/responses.ts";
import type { RequiredRoute, VerifiedContext } from "../http/verified-context.ts";
import type { JwtManager } from "../manager.ts";
import type { RouteOptions } from "../request/route-options.ts";
import type { JwtContext } from "../request/verify-request.ts";
import { webRequestView } from "../request/web-request.ts";

/** What the accessors, cookie writers, `refresh` and `logout` take: an Elysia handler's context. */
export interface ElysiaJwtContext {
  /** The request; its verified context is kept by it. */
  readonly request: Request;
  /** Where the cookie helpers add `Set-Cookie` lines, and the route's status is read. */
  readonly set: { headers: Record<string, unknown>; status?: number | string };
}

// Elysia writes a `set-cookie` array as one header line per cookie.
const cookiesOf = ({ set }: ElysiaJwtContext): string[] =>
  [set.headers["set-cookie"] ?? []].flat().map(String);
const addCookies = (ctx: ElysiaJwtContext, cookies: readonly string[]): void => {
  ctx.set.headers["set-cookie"] = [...cookiesOf(ctx), ...cookies];
};

const statusOf = (value: number | string | undefined): number =>
  typeof value === "number" ? value : ((StatusMap as Record<string, number>)[value ?? ""] ?? 200);

/**
 * Binds a {@link JwtManager} to Elysia: `plugin` adds the `jwtRequired` route option (a
 * macro that guards the route, puts the verified {@link VerifiedContext} on the handler's
 * context as `jwt`, and renews cookies after the route) and answers the library's errors
 * with the loaders' JSON; accessors and cookie helpers take the handler's context. The body
 * is read, for the json location and the CSRF form field only, from a clone.
 *
 * @example
 * const { plugin, setAccessCookies } = elysiaJwt(jwt);
 * new Elysia().use(plugin).get("/me", ({ jwt }) => ({ user: jwt.identity }), { jwtRequired: true });
 */
export function elysiaJwt<Identity, User, Claims extends object>(
  manager: JwtManager<Identity, User, Claims>,
) {
  type Ctx = JwtContext<Identity, User, Claims>;
  const binding = createBinding(manager);
  const { bodyLimit } = manager.options;
  // Elysia parses a route's body before its guard when the handler reads it: the parse
  // hook keeps a copy of the bytes first, for the json location and the CSRF form field.
  const bodies = new WeakMap<Request, Promise<ArrayBuffer>>();
  const viewOf = (request: Request) =>
    webRequestView(request, {
      bodyLimit,
      consumedBody: () => bodies.get(request) ?? Promise.reject(new Error("no copy")),
    });
  const contexts = new RequestSlot<Request, Ctx>("jwt-extended.context"); // one per request
  const contextOf = ({ request }: ElysiaJwtContext): Ctx | undefined => contexts.get(request);

  // The after-route point: the handler's value, before Elysia turns it into a Response.
  const renewAfterRoute = async (ctx: ElysiaJwtContext & { responseValue: unknown }) => {
    const context = contexts.get(ctx.request);
    if (context === undefined || !binding.due(context)) return undefined;
    const value = ctx.responseValue;
    if (value instanceof Response) return binding.afterRouteResponse(context, value);
    const answer = { status: statusOf(ctx.set.status), setCookie: cookiesOf(ctx) };
    addCookies(ctx, (await binding.afterRoute(context, answer)) ?? []);
    return undefined;
  };

  // `jwt` is verified behind a required guard, and may be anonymous behind an optional one.
  const guardRoute = <Jwt extends Ctx>(options: RouteOptions) => {
    const guard = binding.guard(options);
    return {
      async resolve({ request }: { request: Request }) {
        const { context, answer } = await guard(viewOf(request));
        if (answer) return status(answer.status, toResponse(answer));
        contexts.set(request, context);
        return { jwt: context as Jwt };
      },
      afterHandle: renewAfterRoute,
      // A body Elysia cannot parse fails before the guard runs: the guard answers first.
      async error({ code, request }: { code: unknown; request: Request }) {
        if (code !== "PARSE") return undefined;
        const { answer } = await guard(viewOf(request));
        return answer ? toResponse(answer) : undefined;
      },
    };
  };

  const plugin = new Elysia()
    .onParse({ as: "global" }, ({ request }) => {
      if (request.body === null || request.bodyUsed) return;
      const copy = request.clone().arrayBuffer();
      copy.catch(() => {}); // an aborted upload: the body then counts as absent
      bodies.set(request, copy);
    })
    .onError({ as: "global" }, async ({ error }) =>
      isClientError(error) ? toResponse(await binding.answerError(error)) : undefined,
    )
    .macro({
      /** `{ jwtRequired: true }` or route options without `optional`: `jwt` is verified. */
      jwtRequired: (options: true | (RouteOptions & RequiredRoute)) =>
        guardRoute<VerifiedContext<Identity, User, Claims>>(options === true ? {} : options),
      /** `{ jwtOptional: true }` or route options: `jwt` may be anonymous. */
      jwtOptional: (options: true | RouteOptions) =>
        guardRoute<Ctx>({ ...(options === true ? {} : options), optional: true }),
    });

  return {
    plugin,
    /**
     * Verifies the request inside a handler; a client failure is thrown, and the plugin's
     * error hook answers it with the loaders' JSON.
     */
    async verifyJwtInRequest(ctx: ElysiaJwtContext, options: RouteOptions = {}): Promise<Ctx> {
      const context = await binding.verify(viewOf(ctx.request), options);
      contexts.set(ctx.request, context);
      return context;
    },
    /** Answers a refresh behind `{ jwtRequired: { refresh: true } }`; failures are thrown. */
    async refresh(ctx: ElysiaJwtContext): Promise<Response> {
      return toResponse(await binding.refresh(contextOf(ctx)));
    },
    /** Revokes what the request presents and unsets the JWT cookies; the route answers. */
    async logout(ctx: ElysiaJwtContext): Promise<void> {
      addCookies(ctx, await binding.logout(viewOf(ctx.request), contextOf(ctx)));
    },
    ...binding.accessors(contextOf),
    ...binding.cookieWriters(addCookies),
  };
}

/** What {@link elysiaJwt} returns, to pass a binding around. */
export type ElysiaJwt<Identity, User, Claims extends object> = ReturnType<
  typeof elysiaJwt<Identity, User, Claims>
>;
