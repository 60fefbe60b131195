import type { IncomingMessage } from "node:http";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { createCookieWriters } from "../http/cookie-writers.ts";
import { expiresWithinWindow } from "../implicit-refresh.ts";
import type { JwtResponse } from "../loaders.ts";
import { isJsonContentType } from "../locations/json.ts";
import type { JwtManager } from "../manager.ts";
import { answerRefresh } from "../http/refresh-answer.ts";
import { createJwtAccessors } from "../http/accessors.ts";
import type { BodySource, RequestView } from "../request-view.ts";
import { hasNoBody, isClientError } from "../responses.ts";
import type { RouteOptions } from "../route-options.ts";
import type { JwtContext } from "../verify-request.ts";
import { beforeHeaders } from "./before-headers.ts";
import { readNodeBody } from "./node-body.ts";
import { nodeRequestView } from "./node-request.ts";

const CONTEXT = Symbol.for("jwt-extended.context");

type WithContext = Request & { [CONTEXT]?: JwtContext<unknown, unknown, object> };

const FORM_URLENCODED = /^application\/x-www-form-urlencoded\b/i;

/**
 * The body for the json location and the CSRF form field. A body that `express.json()` or
 * `express.urlencoded()` already parsed is used as is; otherwise it is read here, and then
 * parsed onto `req.body` so that the application's handlers (and body parsers installed
 * after this middleware, which skip a finished request) still have it.
 */
async function expressBody(req: Request, limit: number): Promise<BodySource> {
  if (req.body !== undefined) return { parsed: req.body };
  const raw = await readNodeBody(req as IncomingMessage, limit);
  if (raw === undefined || !Buffer.isBuffer(raw)) return raw;
  const contentType = req.headers["content-type"];
  const text = raw.toString("utf8");
  if (isJsonContentType(contentType)) {
    try {
      req.body = JSON.parse(text);
    } catch {
      // Unparsable JSON stays unparsed; the json location reports the missing key.
    }
  } else if (contentType && FORM_URLENCODED.test(contentType)) {
    req.body = Object.fromEntries(new URLSearchParams(text));
  }
  return { raw };
}

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
  const { bodyLimit } = manager.options;

  const viewOf = (req: Request): RequestView =>
    nodeRequestView(
      { method: req.method, url: req.originalUrl ?? req.url, headers: req.headers, raw: req },
      () => expressBody(req, bodyLimit),
    );

  const send = (res: Response, response: JwtResponse): void => {
    if (response.headers) res.set(response.headers);
    if (hasNoBody(response.status)) res.status(response.status).end();
    else res.status(response.status).json(response.body);
  };

  const contextOf = (req: Request): Context | undefined =>
    (req as WithContext)[CONTEXT] as Context | undefined;

  // Implicit refresh's "after the route" point: Express has none, so the response's first
  // write is held while the core decides (see beforeHeaders), with the request's latest
  // context; headers can still change then.
  const refreshAfterRoute = (req: Request, res: Response): void => {
    beforeHeaders(res, async ({ status, headers }) => {
      const context = contextOf(req);
      if (context === undefined) return undefined;
      const answer = { status, setCookie: headers["set-cookie"] };
      const cookies = await manager.implicitRefreshCookies(context, answer);
      return cookies === null ? undefined : () => res.append("Set-Cookie", cookies);
    });
  };

  const refreshes = manager.options.implicitRefreshWindow !== false;
  const verified = (req: Request, res: Response | undefined, context: Context): void => {
    const first = (req as WithContext)[CONTEXT] === undefined;
    (req as WithContext)[CONTEXT] = context;
    // Once per request: a second check (jwtRequired, then verifyJwtInRequest) holds nothing
    // twice. A token not due leaves the response alone.
    if (refreshes && first && res && expiresWithinWindow(manager.options, context)) {
      refreshAfterRoute(req, res);
    }
  };

  return {
    /** Middleware that lets a request through only with a valid token (see {@link RouteOptions}). */
    jwtRequired(options: RouteOptions = {}): RequestHandler {
      const route = manager.route(options);
      return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
        try {
          const result = await manager.authenticate(viewOf(req), route);
          if (!result.ok) return send(res, result.response);
          verified(req, res, result.context);
          next();
        } catch (error) {
          next(error);
        }
      };
    },

    /**
     * Verifies the request inside a handler; throws a `JwtExtendedError` for the client's
     * failures, which {@link jwtErrorHandler} answers through the loaders.
     */
    async verifyJwtInRequest(req: Request, options: RouteOptions = {}): Promise<Context> {
      const context = await manager.verifyRequest(viewOf(req), options);
      verified(req, req.res, context);
      return context;
    },

    /** Error middleware answering `JwtExtendedError`s as JSON through the loaders. */
    jwtErrorHandler() {
      return async (
        error: unknown,
        _req: Request,
        res: Response,
        next: NextFunction,
      ): Promise<void> => {
        if (!isClientError(error)) return next(error);
        try {
          send(res, await manager.errorResponse(error));
        } catch (loaderError) {
          next(loaderError);
        }
      };
    },

    /**
     * Answers a refresh request, after `jwtRequired({ refresh: true })`: a new access token,
     * and with `refreshRotation` a new refresh token (see `JwtManager.refreshTokens`), as
     * cookies when the refresh token was a cookie, else in the body. Throws a
     * `JwtExtendedError` (a reused refresh token: 401; the store unreachable: 503), which
     * {@link jwtErrorHandler} answers.
     */
    async refresh(req: Request, res: Response): Promise<void> {
      const context = contextOf(req);
      if (context === undefined) throw new Error("refresh() needs jwtRequired({ refresh: true })");
      const { body, cookies } = await answerRefresh(manager, context);
      if (cookies.length > 0) res.append("Set-Cookie", [...cookies]);
      res.json(body);
    },

    /**
     * Revokes every token the request presents (access and refresh, cookie or header flow)
     * and their families, then unsets the JWT cookies; the route answers. Throws a
     * `StoreUnavailableError` (503) when the revocation cannot be stored.
     */
    async logout(req: Request, res: Response): Promise<void> {
      await manager.revokeRequestTokens(viewOf(req), contextOf(req));
      res.append("Set-Cookie", manager.unsetJwtCookies());
    },

    ...createJwtAccessors(contextOf),
    ...createCookieWriters(manager, (res: Response, cookies) => {
      res.append("Set-Cookie", cookies);
    }),
  };
}

export type ExpressJwt<Identity, User, Claims extends object> = ReturnType<
  typeof expressJwt<Identity, User, Claims>
>;
