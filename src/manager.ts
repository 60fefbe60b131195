import { randomUUID } from "node:crypto";
import { checkObjectArgument, checkOptionsArgument } from "./config/arguments.ts";
import { optionsFromEnv } from "./config/env-options.ts";
import type { JwtOptions, ResolvedOptions } from "./config/option-table.ts";
import { resolveOptions } from "./config/resolve-options.ts";
import {
  ConfigurationError,
  isClientError,
  type JwtExtendedError,
  MissingGuardError,
  WrongTokenError,
} from "./errors.ts";
import { type CookieOverrides, expiredTokenCookies, tokenCookies } from "./http/cookies.ts";
import { answerError, type ErrorLoaders } from "./http/error-answer.ts";
import type { CoreLoaders, JwtResponse, LoaderName, Loaders } from "./loaders.ts";
import type { RequestView } from "./request/request-view.ts";
import { type CompiledRoute, compileRoute, type RouteOptions } from "./request/route-options.ts";
import { type JwtContext, optionsAnswer, verifyRequest } from "./request/verify-request.ts";
import {
  acceptsImplicitRefresh,
  implicitRefreshCookies,
  type RouteAnswer,
} from "./revocation/implicit-refresh.ts";
import { presentedTokens, revokePresentedTokens } from "./revocation/logout.ts";
import {
  createRevocation,
  FAMILY_CLAIM,
  familyClaim,
  familyOf,
  type Revocation,
} from "./revocation/revocation.ts";
import {
  markRefreshTokenUsed,
  type RefreshedTokens,
  type RefreshTokenReuseHook,
  type TokenPair,
} from "./revocation/rotation.ts";
import type { TokenStore } from "./stores/token-store.ts";
import type { CreateTokenOptions, TokenType } from "./token/claims.ts";
import { TokenCodec } from "./token/codec.ts";
import { requireTokenId, withTokenId } from "./token/id.ts";
import type { JwkSet } from "./token/keys.ts";
import type { DecodedJwt, JwtHeader, JwtPayload, Payload } from "./token/payload.ts";

/** Options of the manager: the configuration, and loaders that may be given up front. */
export interface JwtManagerOptions<Identity, User, Claims extends object = Record<string, unknown>>
  extends JwtOptions {
  /** Loaders to install at once (the registration methods can add them later). */
  loaders?: Partial<Loaders<Identity, User, Claims>>;
  /**
   * Where revocations and refresh-token families are kept. Giving one installs the
   * revocation check on every protected route (401 `Token has been revoked`; 503 when the
   * store cannot answer within `storeTimeout`). With `refreshRotation` and no store, an
   * in-memory one is used.
   */
  store?: TokenStore;
  /** Called when a used refresh token is presented again, after its family was revoked. */
  onRefreshTokenReuse?: RefreshTokenReuseHook;
}

/**
 * Options of {@link JwtManager.revokeToken}.
 *
 * @example
 * await jwt.revokeToken(refreshToken, { family: true } satisfies RevokeTokenOptions);
 */
export interface RevokeTokenOptions {
  /** Revoke the token's whole family too: every token of its login. @default false */
  family?: boolean;
}

/**
 * Options of {@link JwtManager.createTokenPair}: those of both tokens, and `fresh` for the
 * access token.
 *
 * @example
 * const pair = await jwt.createTokenPair("alice", { fresh: true, additionalClaims: { tenant: "t1" } });
 */
export type TokenPairOptions<Claims extends object = Record<string, unknown>> = Pick<
  CreateTokenOptions<Claims>,
  "fresh" | "additionalClaims" | "additionalHeaders"
>;

/** Options of {@link JwtManager.decodeToken}. */
export interface DecodeTokenOptions {
  /** The double-submit value the client sent; compared with the token's `csrf` claim. */
  csrfValue?: string;
  /** Accept an expired token (its signature is still verified). @default false */
  allowExpired?: boolean;
}

/** The outcome of {@link JwtManager.authenticate}: a context, or the response to send. */
export type AuthResult<Identity, User, Claims extends object> =
  | { readonly ok: true; readonly context: JwtContext<Identity, User, Claims> }
  | { readonly ok: false; readonly response: JwtResponse };

const compiledRoutes = new WeakSet<CompiledRoute>();

/**
 * Owns the configuration and the loaders, creates and verifies tokens, and decides about
 * requests; framework adapters bind it to Express, Fastify, Hono or `fetch` handlers.
 *
 * @typeParam Identity - the identity claim's value (`sub`), as read back from tokens
 * @typeParam User - what the user-lookup loader returns
 * @typeParam Claims - the application's additional claims
 * @example
 * const jwt = new JwtManager({ secretKey: process.env.JWT_SECRET_KEY, tokenLocation: ["headers", "cookies"] });
 * const token = await jwt.createAccessToken("example_user");
 */
export class JwtManager<
  Identity = string,
  User = unknown,
  Claims extends object = Record<string, unknown>,
> {
  /** The options with defaults applied; read-only. */
  readonly options: ResolvedOptions;
  readonly #loaders: Partial<Loaders<Identity, User, Claims>>;
  readonly #codec: TokenCodec;
  readonly #revocation: Revocation | undefined;
  readonly #isRevoked: ((payload: JwtPayload) => Promise<boolean>) | undefined;
  readonly #onRefreshTokenReuse: RefreshTokenReuseHook | undefined;

  constructor(options: JwtManagerOptions<Identity, User, Claims> = {}) {
    checkOptionsArgument(options, "JwtManager options");
    const { loaders = {}, store, onRefreshTokenReuse, ...jwtOptions } = options;
    checkOptionsArgument(loaders, "loaders");
    this.options = resolveOptions(jwtOptions, {
      encode: loaders.encodeKey !== undefined,
      decode: loaders.decodeKey !== undefined,
    });
    this.#loaders = { ...loaders };
    const revocation = createRevocation(store, this.options);
    // Keys become KeyObjects bound to their algorithm now, so a bad key fails here. With a
    // store, every token must carry a jti, the name its revocation is stored under.
    this.#codec = new TokenCodec(this.options, { requireJti: revocation !== undefined });
    this.#revocation = revocation;
    this.#isRevoked = revocation && ((payload) => revocation.isRevoked(payload));
    this.#onRefreshTokenReuse = onRefreshTokenReuse;
  }

  /**
   * A manager configured from `JWT_*` variables (see {@link optionsFromEnv}), with
   * `overrides` applied on top.
   */
  static fromEnv<I = string, U = unknown, C extends object = Record<string, unknown>>(
    env: Readonly<Record<string, string | undefined>>,
    overrides: JwtManagerOptions<I, U, C> = {},
  ): JwtManager<I, U, C> {
    return new JwtManager<I, U, C>({ ...optionsFromEnv(env), ...overrides });
  }

  // Loader registration, named as the Python library's decorators. Each returns the manager.
  userIdentityLoader = this.#register("userIdentity");
  additionalClaimsLoader = this.#register("additionalClaims");
  additionalHeadersLoader = this.#register("additionalHeaders");
  userLookupLoader = this.#register("userLookup");
  userLookupErrorLoader = this.#register("userLookupError");
  tokenInBlocklistLoader = this.#register("tokenInBlocklist");
  revokedTokenLoader = this.#register("revokedToken");
  expiredTokenLoader = this.#register("expiredToken");
  invalidTokenLoader = this.#register("invalidToken");
  unauthorizedLoader = this.#register("unauthorized");
  needsFreshTokenLoader = this.#register("needsFreshToken");
  tokenVerificationLoader = this.#register("tokenVerification");
  tokenVerificationFailedLoader = this.#register("tokenVerificationFailed");
  encodeKeyLoader = this.#register("encodeKey");
  decodeKeyLoader = this.#register("decodeKey");

  #register<Name extends LoaderName>(
    name: Name,
  ): (loader: Loaders<Identity, User, Claims>[Name]) => this {
    return (loader) => {
      if (typeof loader !== "function") {
        throw new ConfigurationError(`${name} loader: expected a function, got ${typeof loader}`);
      }
      this.#loaders[name] = loader;
      return this;
    };
  }

  /**
   * Creates an access token for `identity`, fresh when asked; `additionalClaims` are checked
   * against the manager's `Claims` type.
   */
  createAccessToken(identity: unknown, options: CreateTokenOptions<Claims> = {}): Promise<string> {
    return this.#createToken("access", identity, options);
  }

  /** Creates a refresh token for `identity` (never fresh). */
  createRefreshToken(
    identity: unknown,
    options: Omit<CreateTokenOptions<Claims>, "fresh"> = {},
  ): Promise<string> {
    return this.#createToken("refresh", identity, { ...options, fresh: false });
  }

  #createToken(type: TokenType, identity: unknown, call: CreateTokenOptions): Promise<string> {
    return this.#codec.create(type, identity, call, this.#loaders);
  }

  /**
   * A new token for the identity of a verified context (a refresh): the identity claim is
   * copied as it is, and the claims and headers loaders receive the looked-up user when
   * there is one, else the identity claim.
   */
  #createFor(
    type: TokenType,
    context: JwtContext<Identity, User, Claims>,
    call: CreateTokenOptions,
  ): Promise<string> {
    return this.#codec.create(type, context.user ?? context.identity, call, this.#loaders, {
      value: context.identity,
    });
  }

  /** Whether a verified context's token is still unrevoked, asked afresh. */
  async #notRevoked(context: JwtContext<Identity, User, Claims>): Promise<boolean> {
    const { header, payload } = context;
    if (this.#isRevoked && (await this.#isRevoked(payload))) return false;
    const blocklist = (this.#loaders as CoreLoaders).tokenInBlocklist;
    return !(blocklist && (await blocklist(header, withTokenId(payload))));
  }

  /**
   * Verifies a token and returns its claims, with the Python library's defaults for
   * missing `type`, `fresh` and `jti`. Throws a {@link JwtExtendedError}.
   */
  async decodeToken(token: string, options: DecodeTokenOptions = {}): Promise<Payload<Claims>> {
    checkOptionsArgument(options, "decodeToken options");
    const decoded = await this.#decode(token, options.csrfValue, options.allowExpired ?? false);
    return decoded.payload as Payload<Claims>;
  }

  #decode(
    token: unknown,
    csrfValue: string | undefined,
    allowExpired: boolean,
  ): Promise<DecodedJwt> {
    return this.#codec.decode(token, csrfValue, allowExpired, this.#loaders);
  }

  /** A token's header, read without verifying anything. */
  getUnverifiedJwtHeaders(token: string): JwtHeader {
    return this.#codec.read(token).header;
  }

  /**
   * The `jti` of a token, after verifying it as {@link decodeToken} does (like the Python
   * library's `get_jti`, which decodes first); `null` when the token has no string `jti`.
   * Throws a {@link JwtExtendedError} for a token that does not verify.
   *
   * @example
   * const jti = await jwt.getJti(accessToken);
   */
  async getJti(token: string): Promise<string | null> {
    const { jti } = await this.decodeToken(token);
    return typeof jti === "string" ? jti : null;
  }

  /**
   * The `csrf` claim of a token (its double-submit value), after verifying it as
   * {@link decodeToken} does (like the Python library's `get_csrf_token`, which decodes
   * first); `undefined` when it has none. Throws a {@link JwtExtendedError} for a token that
   * does not verify.
   *
   * @example
   * const csrf = await jwt.getCsrfToken(accessToken); // the X-CSRF-TOKEN value for this token
   */
  async getCsrfToken(token: string): Promise<string | undefined> {
    const { csrf } = await this.decodeToken(token);
    return typeof csrf === "string" ? csrf : undefined;
  }

  /**
   * The `csrf` claim the cookie builders copy into the CSRF cookie, read without verifying:
   * they are given tokens the application has just created, and stay synchronous. A token
   * that does not verify is refused wherever it is presented.
   */
  #csrfClaim(token: string): string | undefined {
    const csrf = this.#codec.read(token).payload.csrf;
    return typeof csrf === "string" ? csrf : undefined;
  }

  /**
   * Checks a route's options once, when the route is declared; the result is what
   * {@link verifyRequest} reads on every request.
   */
  route(options: RouteOptions = {}): CompiledRoute {
    const compiled = compileRoute(options, this.options);
    compiledRoutes.add(compiled);
    return compiled;
  }

  /**
   * Finds and verifies the request's token as a route with `route` options demands, in
   * the contract's order; returns the context or throws a {@link JwtExtendedError}.
   */
  verifyRequest(
    view: RequestView,
    route: RouteOptions | CompiledRoute = {},
  ): Promise<JwtContext<Identity, User, Claims>> {
    const compiled = compiledRoutes.has(route as CompiledRoute)
      ? (route as CompiledRoute)
      : this.route(route);
    return verifyRequest(view, compiled, {
      options: this.options,
      loaders: this.#loaders as CoreLoaders,
      decode: (token, csrfValue) => this.#decode(token, csrfValue, false),
      isRevoked: this.#isRevoked,
    }) as Promise<JwtContext<Identity, User, Claims>>;
  }

  /**
   * {@link verifyRequest} for adapters: a failure the client caused becomes the response
   * its loader chooses, instead of an exception. Errors of the application's own loaders
   * are thrown, for the framework's error handling. An `OPTIONS` request is answered with
   * an empty 204 and verifies nothing, so the guarded handler never runs for it.
   */
  async authenticate(
    view: RequestView,
    route: RouteOptions | CompiledRoute = {},
  ): Promise<AuthResult<Identity, User, Claims>> {
    const options = optionsAnswer(view);
    if (options !== undefined) return { ok: false, response: options };
    try {
      return { ok: true, context: await this.verifyRequest(view, route) };
    } catch (error) {
      if (!isClientError(error)) throw error;
      return { ok: false, response: await this.errorResponse(error) };
    }
  }

  /** The response for an error, from its loader or the default `{"msg": ...}`. */
  async errorResponse(error: JwtExtendedError): Promise<JwtResponse> {
    return answerError(error, this.#loaders as ErrorLoaders, this.options);
  }

  /**
   * The public keys tokens are verified with, as a JWK Set (RFC 7517 §5) to serve at
   * `/.well-known/jwks.json`: the configured public key (with `encodeKeyId` as its `kid`)
   * and the asymmetric `decodeKeys`, each with its one `alg`. HMAC secrets are never in it.
   *
   * @example
   * app.get("/.well-known/jwks.json", (_req, res) => res.json(jwt.jwks()));
   */
  jwks(): JwkSet {
    return this.#codec.jwks();
  }

  /** `Set-Cookie` values storing an access token and its CSRF value. */
  accessCookies(token: string, overrides?: CookieOverrides): string[] {
    return tokenCookies(this.options, "access", token, this.#csrfClaim(token), overrides);
  }

  /** `Set-Cookie` values storing a refresh token and its CSRF value. */
  refreshCookies(token: string, overrides?: CookieOverrides): string[] {
    return tokenCookies(this.options, "refresh", token, this.#csrfClaim(token), overrides);
  }

  /** `Set-Cookie` values removing the access token's cookies. */
  unsetAccessCookies(overrides?: Pick<CookieOverrides, "domain">): string[] {
    return expiredTokenCookies(this.options, "access", overrides);
  }

  /** `Set-Cookie` values removing the refresh token's cookies. */
  unsetRefreshCookies(overrides?: Pick<CookieOverrides, "domain">): string[] {
    return expiredTokenCookies(this.options, "refresh", overrides);
  }

  /** `Set-Cookie` values removing every token cookie. */
  unsetJwtCookies(overrides?: Pick<CookieOverrides, "domain">): string[] {
    return [...this.unsetAccessCookies(overrides), ...this.unsetRefreshCookies(overrides)];
  }

  // Revocation and refresh: docs/revocation.md, docs/refreshing-tokens.md.

  #requireRevocation(method: string): Revocation {
    if (this.#revocation) return this.#revocation;
    throw new ConfigurationError(
      `${method}: the manager has no store; pass one, e.g. new JwtManager({ store: new MemoryTokenStore() })`,
    );
  }

  /**
   * Revokes a token (an encoded token, whose signature is verified first, or a verified
   * payload) until it expires; with `{ family: true }`, every token of its login too.
   * Throws a `StoreUnavailableError` when the store does not answer, and a `JwtDecodeError`
   * (422, `Missing claim: jti`) for a token without a non-empty string `jti`, which cannot be
   * named in the store (with a store, such tokens are refused wherever they are presented).
   *
   * @example
   * app.post("/admin/revoke", async (req, res) => {
   *   await jwt.revokeToken(req.body.token, { family: true });
   *   res.json({ msg: "revoked" });
   * });
   */
  async revokeToken(token: string | JwtPayload, options: RevokeTokenOptions = {}): Promise<void> {
    const revocation = this.#requireRevocation("revokeToken");
    if (typeof token !== "string") checkObjectArgument(token, "revokeToken token");
    checkOptionsArgument(options, "revokeToken options");
    const payload =
      typeof token === "string" ? await this.decodeToken(token, { allowExpired: true }) : token;
    // Before any write: a token that cannot be named is not half revoked (its family alone).
    requireTokenId(payload);
    const family = options.family ? familyOf(payload) : null;
    await Promise.all([
      revocation.revoke(payload),
      family === null
        ? undefined
        : revocation.revokeFamily(family, revocation.remainingMs(payload)),
    ]);
  }

  /**
   * A logout's revocation: revokes every token the request presents (in the configured
   * locations, access and refresh alike, each verified first), the `context`'s token when a
   * route check ran, and their families. Returns the claims of the tokens revoked. Adapters
   * wrap it as `logout(...)`, which also unsets the cookies.
   *
   * @example
   * const revoked = await jwt.revokeRequestTokens(view);
   */
  async revokeRequestTokens(
    view: RequestView,
    context?: JwtContext<Identity, User, Claims>,
  ): Promise<JwtPayload[]> {
    const revocation = this.#requireRevocation("revokeRequestTokens");
    return revokePresentedTokens(
      revocation,
      await presentedTokens(view, this.options),
      (token) => this.decodeToken(token, { allowExpired: true }),
      context?.payload,
    );
  }

  /**
   * Creates a login's access and refresh tokens tied into one new family (the `fam`
   * claim): refreshing, rotation and logout then treat them, and every token refreshed
   * from them, as one.
   *
   * @example
   * const { accessToken, refreshToken } = await jwt.createTokenPair("alice", { fresh: true });
   */
  createTokenPair(identity: unknown, options: TokenPairOptions<Claims> = {}): Promise<TokenPair> {
    return this.#createPair(randomUUID(), options, (type, call) =>
      this.#createToken(type, identity, call),
    );
  }

  async #createPair(
    family: string,
    options: TokenPairOptions,
    create: (type: TokenType, call: CreateTokenOptions) => Promise<string>,
  ): Promise<TokenPair> {
    checkOptionsArgument(options, "createTokenPair options");
    const additionalClaims = { ...options.additionalClaims, [FAMILY_CLAIM]: family };
    const [accessToken, refreshToken] = await Promise.all([
      create("access", { ...options, additionalClaims }),
      create("refresh", {
        additionalClaims,
        additionalHeaders: options.additionalHeaders,
        fresh: false,
      }),
    ]);
    return { accessToken, refreshToken };
  }

  /**
   * Answers a refresh: for the verified refresh token of `context`, a new access token
   * (not fresh, in the same family) and, with `refreshRotation`, a new refresh token, after
   * marking the presented one used. A used refresh token presented again outside
   * `refreshRotationGrace` revokes its family, calls `onRefreshTokenReuse` and throws
   * `RevokedTokenError`.
   *
   * @example
   * app.post("/refresh", jwtRequired({ refresh: true }), async (req, res) => {
   *   res.json(await jwt.refreshTokens(getContext(req)));
   * });
   */
  async refreshTokens(context: JwtContext<Identity, User, Claims>): Promise<RefreshedTokens> {
    if (typeof context?.payload !== "object" || context.payload === null) {
      throw new MissingGuardError(
        "refreshTokens() needs the context of a request verified by jwtRequired({ refresh: true })",
      );
    }
    const { header, payload } = context;
    if (payload.type !== "refresh") throw new WrongTokenError("Only refresh tokens are allowed");
    if (!this.options.refreshRotation) {
      const family = familyClaim(payload);
      const claims = family === null ? {} : { additionalClaims: { [FAMILY_CLAIM]: family } };
      return {
        accessToken: await this.#createFor("access", context, claims),
        refreshToken: null,
      };
    }
    const family = await markRefreshTokenUsed(
      this.#requireRevocation("refreshTokens"),
      { header, payload, location: context.location },
      this.options.refreshRotationGrace,
      this.#onRefreshTokenReuse,
    );
    return this.#createPair(family, {}, (type, call) => this.#createFor(type, context, call));
  }

  /**
   * Implicit refresh, decided after the route: when `implicitRefreshWindow` is set, the
   * context's access token came from a cookie and expires within it, the route's answer
   * accepts a renewal (see {@link implicitRefreshAllowed}) and the token is still unrevoked
   * (asked now, after the route), the `Set-Cookie` values of a new access token and its CSRF
   * cookie; else `null`. Every adapter calls it at its "after the route" point, just before
   * the headers go out, and appends the values it returns. It never throws: a failure (the
   * store down) gives up the renewal and leaves the route's answer as it is.
   *
   * @example
   * const cookies = await jwt.implicitRefreshCookies(context, {
   *   status: reply.statusCode,
   *   setCookie: reply.getHeader("set-cookie"),
   * });
   */
  implicitRefreshCookies(
    context: JwtContext<Identity, User, Claims>,
    answer: RouteAnswer,
  ): Promise<string[] | null> {
    return implicitRefreshCookies(
      {
        options: this.options,
        // A route may skip the revocation check, or revoke the token itself: ask afresh.
        notRevoked: () => this.#notRevoked(context),
        createAccessToken: (call) => this.#createFor("access", context, call),
        accessCookies: (token) => this.accessCookies(token),
      },
      context,
      answer,
    );
  }

  /**
   * Whether a response may carry implicitly refreshed cookies: not an error status, and no
   * `Set-Cookie` of the route's own for the access cookie (a logout unset it).
   *
   * @example
   * if (jwt.implicitRefreshAllowed(res.statusCode, res.getHeader("set-cookie"))) res.append("Set-Cookie", cookies);
   */
  implicitRefreshAllowed(status: number, setCookie: unknown): boolean {
    return acceptsImplicitRefresh(this.options, status, setCookie);
  }
}
