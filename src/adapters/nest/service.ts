import type { JwtAccessors } from "../../http/accessors.ts";
import type { HttpBinding } from "../../http/binding.ts";
import type { CookieWriters } from "../../http/cookie-writers.ts";
import type { JwtManager } from "../../manager.ts";
import type { RouteOptions } from "../../request/route-options.ts";
import type { JwtContext } from "../../request/verify-request.ts";
import { addCookies, type NestRequest, type NestResponse, setHead } from "./platform.ts";
import { findContext, holdContext } from "./request-context.ts";
import type { NestRuntime } from "./runtime.ts";
import { injectable, JWT_BINDING, JWT_RUNTIME } from "./tokens.ts";

/**
 * The helpers of a handler, injected with `@Inject(JwtExtendedService)`: the request
 * accessors, the response's cookie helpers, inline verification, and the refresh and
 * logout helpers. The response is the platform's (`@Res({ passthrough: true })`), Express's
 * or Fastify's; the type parameters are the manager's, which injection cannot carry.
 *
 * @example
 * \@Post("login")
 * async login(@Res({ passthrough: true }) res: Response) {
 *   this.jwt.setAccessCookies(res, await this.jwt.manager.createAccessToken("alice"));
 *   return { msg: "login successful" };
 * }
 */
export class JwtExtendedService<
  Identity = unknown,
  User = unknown,
  Claims extends object = Record<string, unknown>,
> {
  /** The manager, to create and decode tokens. */
  readonly manager: JwtManager<Identity, User, Claims>;
  readonly getJwt: JwtAccessors<NestRequest, Identity, User, Claims>["getJwt"];
  readonly getJwtHeader: JwtAccessors<NestRequest, Identity, User, Claims>["getJwtHeader"];
  readonly getJwtIdentity: JwtAccessors<NestRequest, Identity, User, Claims>["getJwtIdentity"];
  readonly getCurrentUser: JwtAccessors<NestRequest, Identity, User, Claims>["getCurrentUser"];
  readonly getJwtRequestLocation: JwtAccessors<
    NestRequest,
    Identity,
    User,
    Claims
  >["getJwtRequestLocation"];
  readonly setAccessCookies: CookieWriters<NestResponse>["setAccessCookies"];
  readonly setRefreshCookies: CookieWriters<NestResponse>["setRefreshCookies"];
  readonly unsetAccessCookies: CookieWriters<NestResponse>["unsetAccessCookies"];
  readonly unsetRefreshCookies: CookieWriters<NestResponse>["unsetRefreshCookies"];
  readonly unsetJwtCookies: CookieWriters<NestResponse>["unsetJwtCookies"];
  readonly #runtime: NestRuntime;
  readonly #binding: HttpBinding<Identity, User, Claims>;

  /**
   * Built by injection: the runtime, and the manager's binding (the runtime's own), typed
   * with the manager's types as the application states them (`JwtExtendedService<string>`).
   */
  constructor(runtime: NestRuntime, binding: HttpBinding<Identity, User, Claims>) {
    this.#runtime = runtime;
    this.#binding = binding;
    this.manager = binding.manager;
    const accessors = this.#binding.accessors(
      (req: NestRequest) => findContext(req) as JwtContext<Identity, User, Claims> | undefined,
    );
    this.getJwt = accessors.getJwt;
    this.getJwtHeader = accessors.getJwtHeader;
    this.getJwtIdentity = accessors.getJwtIdentity;
    this.getCurrentUser = accessors.getCurrentUser;
    this.getJwtRequestLocation = accessors.getJwtRequestLocation;
    const writers = this.#binding.cookieWriters(addCookies);
    this.setAccessCookies = writers.setAccessCookies;
    this.setRefreshCookies = writers.setRefreshCookies;
    this.unsetAccessCookies = writers.unsetAccessCookies;
    this.unsetRefreshCookies = writers.unsetRefreshCookies;
    this.unsetJwtCookies = writers.unsetJwtCookies;
  }

  /**
   * Verifies the request inside a handler, for the accessors and param decorators after
   * it. A client failure is thrown as a `JwtExtendedError`, which the module's exception
   * filter answers.
   */
  async verifyJwtInRequest(
    req: NestRequest,
    options: RouteOptions = {},
  ): Promise<JwtContext<Identity, User, Claims>> {
    const context = await this.#binding.verify(this.#runtime.viewOf(req), options);
    holdContext(req, context);
    return context;
  }

  /**
   * Answers a refresh request behind `@JwtRequired({ refresh: true })`: sets the status
   * (200) and the cookies on `res`, and returns the body for the handler to return (see
   * `HttpBinding.refresh`). A reused refresh token (401) or an unreachable store (503) is
   * thrown, for the module's exception filter.
   */
  async refresh(req: NestRequest, res: NestResponse): Promise<Record<string, unknown>> {
    const context = findContext(req) as JwtContext<Identity, User, Claims> | undefined;
    const answer = await this.#binding.refresh(context);
    setHead(res, answer);
    return JSON.parse(answer.body ?? "{}") as Record<string, unknown>;
  }

  /**
   * Revokes every token the request presents and their families, and unsets the JWT
   * cookies on `res`; the handler answers. Throws a `StoreUnavailableError` (503).
   */
  async logout(req: NestRequest, res: NestResponse): Promise<void> {
    const context = findContext(req) as JwtContext<Identity, User, Claims> | undefined;
    addCookies(res, await this.#binding.logout(this.#runtime.viewOf(req), context));
  }
}
injectable(JwtExtendedService, [JWT_RUNTIME, JWT_BINDING]);
