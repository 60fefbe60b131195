import type { IncomingMessage } from "node:http";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { CookieOverrides } from "../cookies.ts";
import { JwtExtendedError } from "../errors.ts";
import type { JwtResponse } from "../loaders.ts";
import { isJsonContentType } from "../locations/json.ts";
import type { JwtManager } from "../manager.ts";
import type { TokenLocation } from "../options.ts";
import type { JwtHeader, Payload } from "../payload.ts";
import { type BodySource, createRequestView, type RequestView } from "../request-view.ts";
import type { RouteOptions } from "../route-options.ts";
import type { JwtContext } from "../verify-request.ts";
import { readNodeBody } from "./node-body.ts";

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
  if (raw === undefined) return undefined;
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
    createRequestView({
      method: req.method,
      url: req.originalUrl ?? req.url,
      header(name) {
        const value = req.headers[name.toLowerCase()];
        return Array.isArray(value) ? value.join(", ") : value;
      },
      body: () => expressBody(req, bodyLimit),
    });

  const send = (res: Response, response: JwtResponse): void => {
    if (response.headers) res.set(response.headers);
    res.status(response.status).json(response.body);
  };

  const contextOf = (req: Request): Context => {
    const context = (req as WithContext)[CONTEXT];
    if (context === undefined) {
      throw new Error("You must use jwtRequired() or verifyJwtInRequest() before reading the JWT");
    }
    return context as Context;
  };

  const appendCookies = (res: Response, cookies: string[]): void => {
    res.append("Set-Cookie", cookies);
  };

  return {
    /** Middleware that lets a request through only with a valid token (see {@link RouteOptions}). */
    jwtRequired(options: RouteOptions = {}): RequestHandler {
      const route = manager.route(options);
      return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
        try {
          const result = await manager.authenticate(viewOf(req), route);
          if (!result.ok) return send(res, result.response);
          (req as WithContext)[CONTEXT] = result.context;
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
      (req as WithContext)[CONTEXT] = context;
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
        if (!(error instanceof JwtExtendedError) || error.code === "CONFIGURATION")
          return next(error);
        try {
          send(res, await manager.errorResponse(error));
        } catch (loaderError) {
          next(loaderError);
        }
      };
    },

    /** The verified token's claims (`{}` on an optional route without a token). */
    getJwt: (req: Request): Payload<Claims> => contextOf(req).payload,
    /** The verified token's header. */
    getJwtHeader: (req: Request): JwtHeader => contextOf(req).header,
    /** The identity claim's value, or `null` without a token. */
    getJwtIdentity: (req: Request): Identity | null => contextOf(req).identity,
    /** What the user-lookup loader returned, or `null`. */
    getCurrentUser: (req: Request): User | null => contextOf(req).user,
    /** Where the token was found, or `null`. */
    getJwtRequestLocation: (req: Request): TokenLocation | null => contextOf(req).location,

    /** Sets the access-token cookie and its CSRF cookie. */
    setAccessCookies(res: Response, token: string, overrides?: CookieOverrides): void {
      appendCookies(res, manager.accessCookies(token, overrides));
    },
    /** Sets the refresh-token cookie and its CSRF cookie. */
    setRefreshCookies(res: Response, token: string, overrides?: CookieOverrides): void {
      appendCookies(res, manager.refreshCookies(token, overrides));
    },
    /** Removes the access-token cookies. */
    unsetAccessCookies(res: Response, overrides?: Pick<CookieOverrides, "domain">): void {
      appendCookies(res, manager.unsetAccessCookies(overrides));
    },
    /** Removes the refresh-token cookies. */
    unsetRefreshCookies(res: Response, overrides?: Pick<CookieOverrides, "domain">): void {
      appendCookies(res, manager.unsetRefreshCookies(overrides));
    },
    /** Removes every token cookie. */
    unsetJwtCookies(res: Response, overrides?: Pick<CookieOverrides, "domain">): void {
      appendCookies(res, manager.unsetJwtCookies(overrides));
    },
  };
}

export type ExpressJwt<Identity, User, Claims extends object> = ReturnType<
  typeof expressJwt<Identity, User, Claims>
>;
