import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { HttpAnswer } from "../http/answer.ts";
import { createBinding } from "../http/binding.ts";
import { whenGuarded } from "../http/guard.ts";
import { isVerified, type RequiredRoute, type VerifiedContext } from "../http/verified-context.ts";
import type { JwtManager } from "../manager.ts";
import type { RouteOptions } from "../request/route-options.ts";
import type { JwtContext } from "../request/verify-request.ts";
import { beforeHeaders } from "./before-headers.ts";
import { expressBody } from "./express-body.ts";
import { nodeRequestView } from "./node-request.ts";

const CONTEXT = Symbol.for("jwt-extended.context");
const RENEWING = Symbol.for("jwt-extended.renewing");

type Held = Request & { [CONTEXT]?: JwtContext<unknown, unknown, object>; [RENEWING]?: true };

/** A handler behind `protect`, given the verified request's context, typed. */
export type ProtectedHandler<Ctx> = (req: Request, res: Response, jwt: Ctx) => unknown;

const send = (res: Response, answer: HttpAnswer): void => {
  if (answer.setCookies.length > 0) res.append("Set-Cookie", [...answer.setCookies]);
  res.status(answer.status).set(answer.headers);
  if (answer.body === null) res.end();
  else res.send(answer.body);
};

/**
 * Binds a {@link JwtManager} to Express 5: route middleware, request accessors and cookie
 * helpers, typed with the manager's identity, user and claims.
 *
 * @example
 * const { jwtRequired, getJwtIdentity, setAccessCookies } = expressJwt(jwt);
 * app.get("/protected", jwtRequired(), (req, res) => res.json({ user: getJwtIdentity(req) }));
 */
export function expressJwt<Identity, User, Claims extends object>(
  manager: JwtManager<Identity, User, Claims>,
) {
  type Context = JwtContext<Identity, User, Claims>;
  const binding = createBinding(manager);
  const { bodyLimit } = manager.options;

  const viewOf = (req: Request) =>
    nodeRequestView(
      { method: req.method, url: req.originalUrl ?? req.url, headers: req.headers, raw: req },
      () => expressBody(req, bodyLimit),
    );
  const contextOf = (req: Request): Context | undefined => (req as Held)[CONTEXT] as Context;

  // Express has no "after the route" point: the response's first write is held while the
  // binding decides (see beforeHeaders), once per request, for a token that is due.
  const renewAfterRoute = (req: Request, res: Response, context: Context): void => {
    if (!binding.renews || (req as Held)[RENEWING] || !binding.due(context)) return;
    (req as Held)[RENEWING] = true;
    beforeHeaders(res, async ({ status, headers }) => {
      const cookies = await binding.afterRoute(context, {
        status,
        setCookie: headers["set-cookie"],
      });
      return cookies === null ? undefined : () => res.append("Set-Cookie", [...cookies]);
    });
  };

  /** Middleware that lets a request through only with a valid token (see {@link RouteOptions}). */
  const jwtRequired = (options: RouteOptions = {}): RequestHandler => {
    const guard = binding.guard(options);
    return (req: Request, res: Response, next: NextFunction): void =>
      whenGuarded(
        () => guard(viewOf(req)),
        ({ context, answer }) => {
          if (answer) return send(res, answer);
          (req as Held)[CONTEXT] = context;
          renewAfterRoute(req, res, context);
          next();
        },
        next,
      );
  };

  return {
    jwtRequired,

    /**
     * A route's handlers behind a required guard, the handler receiving the verified
     * context with its identity and user typed, without a null check.
     *
     * @example
     * app.get("/me", protect((req, res, jwt) => res.json({ name: jwt.user.name })));
     */
    protect(
      handler: ProtectedHandler<VerifiedContext<Identity, User, Claims>>,
      options: RouteOptions & RequiredRoute = {},
    ): RequestHandler[] {
      const run: RequestHandler = async (req, res, next) => {
        const context = contextOf(req);
        if (context !== undefined && isVerified(context)) await handler(req, res, context);
        else next();
      };
      return [jwtRequired(options), run];
    },

    /**
     * Verifies the request inside a handler; throws a `JwtExtendedError` for the client's
     * failures, which {@link jwtErrorHandler} answers through the loaders.
     */
    async verifyJwtInRequest(req: Request, options: RouteOptions = {}): Promise<Context> {
      const context = await binding.verify(viewOf(req), options);
      (req as Held)[CONTEXT] = context;
      return context;
    },

    /** Error middleware answering `JwtExtendedError`s as JSON through the loaders. */
    jwtErrorHandler() {
      return async (error: unknown, _req: Request, res: Response, next: NextFunction) => {
        try {
          send(res, await binding.answerError(error));
        } catch (unanswered) {
          next(unanswered);
        }
      };
    },

    /**
     * Answers a refresh request, after `jwtRequired({ refresh: true })` (see
     * `HttpBinding.refresh`). Throws a `JwtExtendedError` (a reused refresh token: 401; the
     * store unreachable: 503), which {@link jwtErrorHandler} answers.
     */
    async refresh(req: Request, res: Response): Promise<void> {
      send(res, await binding.refresh(contextOf(req)));
    },

    /**
     * Revokes every token the request presents and their families, then unsets the JWT
     * cookies; the route answers. Throws a `StoreUnavailableError` (503).
     */
    async logout(req: Request, res: Response): Promise<void> {
      res.append("Set-Cookie", [...(await binding.logout(viewOf(req), contextOf(req)))]);
    },

    ...binding.accessors(contextOf),
    ...binding.cookieWriters((res: Response, cookies) => void res.append("Set-Cookie", cookies)),
  };
}

export type ExpressJwt<Identity, User, Claims extends object> = ReturnType<
  typeof expressJwt<Identity, User, Claims>
>;
