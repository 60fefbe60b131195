import { checkOptionsArgument } from "./config/arguments.ts";
import { optionsFromEnv } from "./config/env-options.ts";
import type { JwtOptions, ResolvedOptions } from "./config/option-table.ts";
import { resolveOptions } from "./config/resolve-options.ts";
import { ConfigurationError, type JwtExtendedError } from "./errors.ts";
import type { CookieOverrides } from "./http/cookies.ts";
import { answerError, type ErrorLoaders } from "./http/error-answer.ts";
import { TokenCookies } from "./http/token-cookies.ts";
import type { CoreLoaders, JwtResponse, LoaderName, Loaders } from "./loaders.ts";
import type { RequestView } from "./request/request-view.ts";
import { type CompiledRoute, compileRoute, type RouteOptions } from "./request/route-options.ts";
import { type JwtContext, RequestVerifier } from "./request/verify-request.ts";
import { ImplicitRefresh, type RouteAnswer } from "./revocation/implicit-refresh.ts";
import { TokenRefresher } from "./revocation/refresher.ts";
import { createRevocation } from "./revocation/revocation.ts";
import { type RevokeTokenOptions, TokenRevoker } from "./revocation/revoker.ts";
import type { RefreshedTokens, RefreshTokenReuseHook, TokenPair } from "./revocation/rotation.ts";
import { type Session, Sessions } from "./revocation/sessions.ts";
import type { TokenStore } from "./stores/token-store.ts";
import type { CreateTokenOptions, TokenPairOptions } from "./token/claims.ts";
import { TokenCodec } from "./token/codec.ts";
import type { JwkSet } from "./token/keys.ts";
import type { JwtHeader, JwtPayload, Payload } from "./token/payload.ts";

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

/** Options of {@link JwtManager.decodeToken}. */
export interface DecodeTokenOptions {
  /** The double-submit value the client sent; compared with the token's `csrf` claim. */
  csrfValue?: string;
  /** Accept an expired token (its signature is still verified). @default false */
  allowExpired?: boolean;
}

/** The routes {@link JwtManager.route} compiled, told apart from plain route options. */
const compiledRoutes = new WeakSet<object>();
const isCompiled = (route: RouteOptions | CompiledRoute): route is CompiledRoute =>
  compiledRoutes.has(route);

/**
 * Owns the configuration and the loaders, creates and verifies tokens, and decides about
 * requests; framework adapters bind it to Express, Fastify, Hono or `fetch` handlers. The
 * services that do the work (token codec, request verifier, cookie builder, refresher,
 * implicit refresh, revoker) are built once, in the constructor, and share the loaders.
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
  readonly #verifier: RequestVerifier;
  readonly #cookies: TokenCookies;
  readonly #refresher: TokenRefresher;
  readonly #implicitRefresh: ImplicitRefresh;
  readonly #revoker: TokenRevoker;

  constructor(options: JwtManagerOptions<Identity, User, Claims> = {}) {
    checkOptionsArgument(options, "JwtManager options");
    const { loaders = {}, store, onRefreshTokenReuse, ...jwtOptions } = options;
    checkOptionsArgument(loaders, "loaders");
    const resolved = resolveOptions(jwtOptions, {
      encode: loaders.encodeKey !== undefined,
      decode: loaders.decodeKey !== undefined,
    });
    this.options = resolved;
    this.#loaders = { ...loaders };
    // The services share this one record, which the registration methods fill later. They
    // call the loaders with the claims as decoded: the manager's type parameters describe
    // what verification guarantees (see CoreLoaders).
    const coreLoaders = this.#loaders as CoreLoaders;
    const revocation = createRevocation(store, resolved);
    // Keys become KeyObjects bound to their algorithm now, so a bad key fails here. With a
    // store, every token must carry a jti, the name its revocation is stored under.
    const codec = new TokenCodec(resolved, coreLoaders, { requireJti: revocation !== undefined });
    const verifier = new RequestVerifier(resolved, coreLoaders, codec, revocation);
    const cookies = new TokenCookies(resolved, codec);
    const sessions = revocation === undefined ? null : Sessions.over(revocation);
    const refresher = new TokenRefresher(
      resolved,
      codec,
      revocation,
      onRefreshTokenReuse,
      sessions,
    );
    this.#codec = codec;
    this.#verifier = verifier;
    this.#cookies = cookies;
    this.#refresher = refresher;
    this.#implicitRefresh = new ImplicitRefresh(resolved, verifier, refresher, cookies);
    this.#revoker = new TokenRevoker(resolved, codec, revocation, sessions);
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
    return this.#codec.create("access", identity, options);
  }

  /** Creates a refresh token for `identity` (never fresh). */
  createRefreshToken(
    identity: unknown,
    options: Omit<CreateTokenOptions<Claims>, "fresh"> = {},
  ): Promise<string> {
    return this.#codec.create("refresh", identity, { ...options, fresh: false });
  }

  /**
   * Verifies a token and returns its claims, with the Python library's defaults for
   * missing `type`, `fresh` and `jti`. Throws a {@link JwtExtendedError}.
   */
  async decodeToken(token: string, options: DecodeTokenOptions = {}): Promise<Payload<Claims>> {
    checkOptionsArgument(options, "decodeToken options");
    const allowExpired = options.allowExpired ?? false;
    const { payload } = await this.#codec.decode(token, options.csrfValue, allowExpired);
    return payload as Payload<Claims>;
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
    const compiled = isCompiled(route) ? route : this.route(route);
    return this.#verifier.verify(view, compiled) as Promise<JwtContext<Identity, User, Claims>>;
  }

  /**
   * {@link verifyRequest}, answering at once when nothing needs awaiting (configured keys,
   * no body to read, no store or async loader): the context, or a thrown error. Otherwise a
   * promise. For adapters that can go on synchronously.
   */
  verifyRequestNow(
    view: RequestView,
    route: RouteOptions | CompiledRoute = {},
  ): JwtContext<Identity, User, Claims> | Promise<JwtContext<Identity, User, Claims>> {
    const compiled = isCompiled(route) ? route : this.route(route);
    return this.#verifier.verifyNow(view, compiled) as
      | JwtContext<Identity, User, Claims>
      | Promise<JwtContext<Identity, User, Claims>>;
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
    return this.#cookies.access(token, overrides);
  }

  /** `Set-Cookie` values storing a refresh token and its CSRF value. */
  refreshCookies(token: string, overrides?: CookieOverrides): string[] {
    return this.#cookies.refresh(token, overrides);
  }

  /** `Set-Cookie` values removing the access token's cookies. */
  unsetAccessCookies(overrides?: Pick<CookieOverrides, "domain">): string[] {
    return this.#cookies.unsetAccess(overrides);
  }

  /** `Set-Cookie` values removing the refresh token's cookies. */
  unsetRefreshCookies(overrides?: Pick<CookieOverrides, "domain">): string[] {
    return this.#cookies.unsetRefresh(overrides);
  }

  /** `Set-Cookie` values removing every token cookie. */
  unsetJwtCookies(overrides?: Pick<CookieOverrides, "domain">): string[] {
    return this.#cookies.unsetAll(overrides);
  }

  // Revocation and refresh: docs/revocation.md, docs/refreshing-tokens.md.

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
  revokeToken(token: string | JwtPayload, options: RevokeTokenOptions = {}): Promise<void> {
    return this.#revoker.revokeToken(token, options);
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
  revokeRequestTokens(
    view: RequestView,
    context?: JwtContext<Identity, User, Claims>,
  ): Promise<JwtPayload[]> {
    return this.#revoker.revokeRequestTokens(view, context?.payload);
  }

  /**
   * Log out everywhere: refuses every access and refresh token of `identity` (the identity
   * claim's value, as `getJwt(req).sub` reads it) issued before now, whatever its login, on
   * every instance sharing the store (`401 Token has been revoked`). One store entry per
   * identity, compared with each token's `iat` in the check every request already makes.
   * `iat` counts whole seconds, so the tokens issued in the current second are refused too,
   * and the call resolves once the next second has begun: tokens created after it resolves
   * (a new login) are accepted. Needs a store with `getMany` (else a `ConfigurationError`).
   *
   * @example
   * app.delete("/logout_everywhere", jwtRequired(), async (req, res) => {
   *   await jwt.revokeAllTokens(getJwt(req).sub);
   *   res.json({ msg: "logged out everywhere" });
   * });
   */
  revokeAllTokens(identity: Identity): Promise<void> {
    return this.#revoker.revokeAll(identity);
  }

  /**
   * The identity's live sessions, oldest first: one per login made by
   * {@link createTokenPair} whose tokens are neither revoked nor expired, with when it
   * started, was last refreshed and expires, and the `sessionMetadata` given at login.
   * Needs a store that keeps sessions (else a `ConfigurationError`).
   *
   * @example
   * const sessions = await jwt.listSessions("alice");
   */
  listSessions(identity: Identity): Promise<Session[]> {
    return this.#revoker.listSessions(identity);
  }

  /**
   * Revokes one of the identity's sessions (every token of that login); `false`, with
   * nothing revoked, when the identity has no live session of that id, so that one user
   * cannot end another's.
   *
   * @example
   * if (!(await jwt.revokeSession("alice", sessionId))) res.status(404);
   */
  revokeSession(identity: Identity, sessionId: string): Promise<boolean> {
    return this.#revoker.revokeSession(identity, sessionId);
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
    return this.#refresher.createPair(identity, options);
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
  refreshTokens(context: JwtContext<Identity, User, Claims>): Promise<RefreshedTokens> {
    return this.#refresher.refresh(context);
  }

  /**
   * Implicit refresh, decided after the route: when `implicitRefreshWindow` is set, the
   * context's access token came from a cookie and expires within it, the route's answer
   * accepts a renewal (not an error status, no `Set-Cookie` of its own for the access cookie)
   * and the token is still unrevoked (asked now, after the route), the `Set-Cookie` values
   * of a new access token and its CSRF cookie; else `null`. Every adapter calls it at its "after the route" point, just before
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
    return this.#implicitRefresh.cookies(context, answer);
  }
}
