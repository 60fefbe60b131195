import { STATUS_CODES } from "node:http";
import {
  type ArgumentsHost,
  Catch,
  Controller,
  Delete,
  type ExceptionFilter,
  Get,
  HttpCode,
  HttpException,
  Inject,
  Module,
  NotFoundException,
  Param,
  Patch,
  Post,
  Put,
  Req,
  Res,
} from "@nestjs/common";
import { APP_FILTER, NestFactory } from "@nestjs/core";
import { ExpressAdapter } from "@nestjs/platform-express";
import { FastifyAdapter } from "@nestjs/platform-fastify";
import express from "express";
import { isJwtExtendedError, type JwtManager, type JwtPayload } from "jwt-extended";
import {
  Jwt,
  JwtExceptionFilter,
  JwtExtendedModule,
  JwtExtendedService,
  JwtIdentity,
  JwtRequired,
  type NestRequest,
  type NestResponse,
} from "jwt-extended/nest";
import { allowedMethods, PROTECTED_METHODS } from "./allowed-methods.ts";
import { JSON_TYPES, parseJsonLeniently } from "./fastify-app.ts";
import { loginTokens } from "./login-tokens.ts";
import type { PublicFile } from "./public-files.ts";
import {
  type DemoAnswer,
  listSessions,
  logoutEverywhere,
  revokeSession,
  routeKeyOf,
  SESSION_ROUTE,
} from "./session-routes.ts";

/** The two HTTP platforms Nest runs on. */
export type NestPlatform = "express" | "fastify";

const FILES = "demo:files";
/** The routes' methods, for the `Allow` answer to OPTIONS (Express's own answer elsewhere). */
const ROUTES: Readonly<Record<string, readonly string[]>> = {
  "/login_without_cookies": ["POST"],
  "/login_with_cookies": ["POST"],
  "/logout_with_cookies": ["POST"],
  "/logout": ["DELETE"],
  "/protected": PROTECTED_METHODS,
  "/only_headers": ["GET"],
  "/refresh": ["POST"],
  "/optional": ["GET"],
  "/fresh": ["GET", "POST"],
  "/whoami": ["GET", "POST"],
  "/logout_everywhere": ["DELETE"],
  "/sessions": ["GET"],
  [SESSION_ROUTE]: ["DELETE"],
};

const isFastify = (res: NestResponse) => "raw" in res;
const pathOf = (req: NestRequest): string => (req.url ?? "/").split("?")[0] ?? "/";

/** Sends a whole answer on either platform. */
function reply(res: NestResponse, status: number, type: string, body: string | Buffer): void {
  if (isFastify(res)) (res as import("fastify").FastifyReply).code(status).type(type).send(body);
  else (res as express.Response).status(status).type(type).send(body);
}

/** Sends a session route's answer on either platform. */
function send(res: NestResponse, { status, headers, setCookie, body }: DemoAnswer): void {
  const cookies = [...setCookie];
  if (isFastify(res)) {
    const fastify = res as import("fastify").FastifyReply;
    fastify.code(status).headers(headers);
    if (cookies.length > 0) fastify.header("set-cookie", cookies);
    fastify.send(body);
  } else {
    const plain = (res as express.Response).status(status).set(headers);
    if (cookies.length > 0) plain.append("Set-Cookie", cookies);
    plain.json(body);
  }
}

const userAgentOf = (req: NestRequest): string | undefined => req.headers["user-agent"];

@Controller()
class AccountController {
  constructor(@Inject(JwtExtendedService) private readonly jwt: JwtExtendedService<string>) {}

  @Post("login_without_cookies")
  @HttpCode(200)
  async loginWithoutCookies(@Req() req: NestRequest) {
    const manager = this.jwt.manager as JwtManager;
    const { accessToken, refreshToken } = await loginTokens(manager, userAgentOf(req));
    return { access_token: accessToken, refresh_token: refreshToken };
  }

  @Post("login_with_cookies")
  @HttpCode(200)
  async loginWithCookies(@Req() req: NestRequest, @Res({ passthrough: true }) res: NestResponse) {
    const manager = this.jwt.manager as JwtManager;
    const { accessToken, refreshToken } = await loginTokens(manager, userAgentOf(req));
    this.jwt.setAccessCookies(res, accessToken);
    this.jwt.setRefreshCookies(res, refreshToken);
    return { msg: "login successful" };
  }

  // Revokes the tokens the cookies hold (and their families), then unsets every JWT cookie.
  @Post("logout_with_cookies")
  @HttpCode(200)
  async logoutWithCookies(@Req() req: NestRequest, @Res({ passthrough: true }) res: NestResponse) {
    await this.jwt.logout(req, res);
    return { msg: "logout successful" };
  }

  // Revokes the presented tokens, whatever their location: the access token that passed,
  // a refresh token in the refresh cookie or the JSON body, and their families.
  @Delete("logout")
  @JwtRequired()
  async logout(@Req() req: NestRequest, @Res({ passthrough: true }) res: NestResponse) {
    await this.jwt.logout(req, res);
    return { msg: "logout successful" };
  }

  // A new access token; with JWT_REFRESH_ROTATION=true a new refresh token too.
  @Post("refresh")
  @JwtRequired({ refresh: true })
  refresh(@Req() req: NestRequest, @Res({ passthrough: true }) res: NestResponse) {
    return this.jwt.refresh(req, res);
  }
}

// The caller's identity: every token of it, its logins (with JWT_REFRESH_ROTATION=true),
// and ending one of them.
@Controller()
@JwtRequired()
class SessionsController {
  constructor(@Inject(JwtExtendedService) private readonly jwt: JwtExtendedService<string>) {}

  @Delete("logout_everywhere")
  async logoutEverywhere(@JwtIdentity() identity: string, @Res() res: NestResponse) {
    send(res, await logoutEverywhere(this.jwt.manager as JwtManager, identity));
  }

  @Get("sessions")
  async sessions(
    @JwtIdentity() identity: string,
    @Jwt() payload: JwtPayload,
    @Res() res: NestResponse,
  ) {
    send(res, await listSessions(this.jwt.manager as JwtManager, identity, payload));
  }

  @Delete("sessions/:id")
  async revokeSession(
    @JwtIdentity() identity: string,
    @Param("id") id: string,
    @Res() res: NestResponse,
  ) {
    send(res, await revokeSession(this.jwt.manager as JwtManager, identity, id));
  }
}

// Protection of every route of a controller ...
@Controller("protected")
@JwtRequired()
class ProtectedController {
  @Get()
  get() {
    return { foo: "bar" };
  }

  @Post()
  @HttpCode(200)
  post() {
    return { foo: "bar" };
  }

  @Put()
  put() {
    return { foo: "bar" };
  }

  @Patch()
  patch() {
    return { foo: "bar" };
  }

  @Delete()
  delete() {
    return { foo: "bar" };
  }
}

// ... or of one route, with the accessors as parameters.
@Controller()
class RoutesController {
  @Get("only_headers")
  @JwtRequired({ locations: ["headers"] })
  onlyHeaders() {
    return { foo: "baz" };
  }

  @Get("optional")
  @JwtRequired({ optional: true })
  optional(@JwtIdentity() identity: string | null) {
    return { identity };
  }

  @Get("fresh")
  @JwtRequired({ fresh: true })
  fresh() {
    return { foo: "fresh" };
  }

  @Post("fresh")
  @HttpCode(200)
  @JwtRequired({ fresh: true })
  freshPost() {
    return { foo: "fresh" };
  }

  @Get("whoami")
  @JwtRequired()
  whoami(@JwtIdentity() identity: string, @Jwt() { type, fresh }: JwtPayload) {
    return { identity, type, fresh };
  }

  @Post("whoami")
  @HttpCode(200)
  @JwtRequired()
  whoamiPost(@JwtIdentity() identity: string, @Jwt() { type, fresh }: JwtPayload) {
    return { identity, type, fresh };
  }
}

/**
 * Everything else answers JSON too, never Nest's own error shape: the page's files, OPTIONS
 * (answered with the route's methods), unknown routes, and requests the platform refuses.
 * The library's errors go to its filter.
 */
@Catch()
class DemoFilter implements ExceptionFilter {
  constructor(
    @Inject(FILES) private readonly files: ReadonlyMap<string, PublicFile>,
    @Inject(JwtExceptionFilter) private readonly jwtFilter: JwtExceptionFilter,
  ) {}

  catch(error: unknown, host: ArgumentsHost) {
    if (isJwtExtendedError(error)) return this.jwtFilter.catch(error, host);
    const http = host.switchToHttp();
    const req = http.getRequest<NestRequest>();
    const res = http.getResponse<NestResponse>();
    if (error instanceof NotFoundException) {
      const path = pathOf(req);
      const file = req.method === "GET" || req.method === "HEAD" ? this.files.get(path) : undefined;
      if (file) return reply(res, 200, file.contentType, file.body);
      const allow =
        req.method === "OPTIONS" ? allowedMethods(ROUTES[routeKeyOf(path)] ?? []) : undefined;
      if (allow) return reply(res.header("allow", allow) as NestResponse, 200, "text/plain", allow);
    }
    const given =
      error instanceof HttpException
        ? error.getStatus()
        : Number((error as { statusCode?: unknown; status?: unknown }).statusCode ?? 500);
    const status = given >= 400 && given < 500 ? given : 500;
    const msg = STATUS_CODES[status] ?? "Bad Request";
    reply(res, status, "application/json; charset=utf-8", JSON.stringify({ msg }));
  }
}

/** A framework's demo app as a node:http request listener, and how to shut the app down. */
export interface NestDemoApp {
  listener: (
    req: import("node:http").IncomingMessage,
    res: import("node:http").ServerResponse,
  ) => void;
  close(): Promise<void>;
}

/** The document's example application on NestJS (BEHAVIOR.md §7), on either platform. */
export async function createNestApp(
  jwt: JwtManager,
  files: ReadonlyMap<string, PublicFile>,
  platform: NestPlatform,
): Promise<NestDemoApp> {
  @Module({
    // formBodies: the CSRF form field (JWT_CSRF_CHECK_FORM) needs urlencoded and multipart
    // bodies parsed on Fastify.
    imports: [JwtExtendedModule.forRoot(jwt, { formBodies: true })],
    controllers: [AccountController, SessionsController, ProtectedController, RoutesController],
    providers: [
      { provide: FILES, useValue: files },
      { provide: APP_FILTER, useClass: DemoFilter },
    ],
  })
  class DemoModule {}

  // Bodies are read by the library (Express) or the demo's lenient parser (Fastify): the
  // json location reports a body that does not parse as a missing key (BEHAVIOR.md §3).
  const options = { bodyParser: false, logger: false } as const;
  if (platform === "express") {
    const app = express();
    const nest = await NestFactory.create(DemoModule, new ExpressAdapter(app), options);
    await nest.init();
    return { listener: app, close: () => nest.close() };
  }
  const adapter = new FastifyAdapter();
  const fastify = adapter.getInstance();
  fastify.removeContentTypeParser("application/json");
  fastify.addContentTypeParser(JSON_TYPES, { parseAs: "string" }, parseJsonLeniently);
  const nest = await NestFactory.create(DemoModule, adapter, options);
  await nest.init();
  await fastify.ready();
  return { listener: (req, res) => fastify.routing(req, res), close: () => nest.close() };
}
