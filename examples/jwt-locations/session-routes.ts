import {
  isJwtExtendedError,
  type JwtManager,
  type JwtPayload,
  type Session,
  type SessionMetadata,
} from "jwt-extended";

/**
 * What the demo's session routes answer, for each framework to send as it is: the status,
 * extra headers (`Retry-After` when the store is down), `Set-Cookie` values and a JSON body.
 * The three routes are protected: the caller's verified token says whose sessions they are.
 */
export interface DemoAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly setCookie: readonly string[];
  readonly body: unknown;
}

/** A `DemoAnswer` as a Web `Response`, for the demos whose handlers return one. */
export function answerResponse({ status, headers, setCookie, body }: DemoAnswer): Response {
  const response = Response.json(body, { status, headers });
  for (const value of setCookie) response.headers.append("set-cookie", value);
  return response;
}

/** The path of one session (`/sessions/<id>`), and the key the route tables file it under. */
export const SESSION_ROUTE = "/sessions/:id";
const SESSION_PATH = /^\/sessions\/([^/]+)$/;

/** The session id a `/sessions/<id>` path names, or `null` for any other path. */
export function sessionIdOf(pathname: string): string | null {
  const raw = SESSION_PATH.exec(pathname)?.[1];
  if (raw === undefined) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The route-table key of a path: `/sessions/<id>` paths share one. */
export const routeKeyOf = (pathname: string): string =>
  sessionIdOf(pathname) === null ? pathname : SESSION_ROUTE;

/** What a login records with its session: the browser's user agent, shortened. */
export const loginMetadata = (userAgent: string | null | undefined): SessionMetadata => ({
  userAgent: userAgent ? userAgent.slice(0, 200) : null,
});

const ok = (body: unknown, setCookie: readonly string[] = []): DemoAnswer => ({
  status: 200,
  headers: {},
  setCookie,
  body,
});

/** The caller's identity: always there behind `jwtRequired()`, which the routes are behind. */
function whose(identity: unknown): string {
  if (typeof identity !== "string") throw new TypeError("expected a protected route's identity");
  return identity;
}

/** The library's answer to its own errors (503 with `Retry-After` when the store is down). */
async function answering(jwt: JwtManager, run: () => Promise<DemoAnswer>): Promise<DemoAnswer> {
  try {
    return await run();
  } catch (error) {
    if (!isJwtExtendedError(error)) throw error;
    const { status, body, headers = {} } = await jwt.errorResponse(error);
    return { status, headers, setCookie: [], body };
  }
}

const sessionJson = (session: Session, current: unknown) => ({
  id: session.id,
  current: session.id === current,
  created_at: session.createdAt.toISOString(),
  last_refreshed_at: session.lastRefreshedAt?.toISOString() ?? null,
  expires_at: session.expiresAt?.toISOString() ?? null,
  metadata: session.metadata,
});

/** `DELETE /logout_everywhere`: every token of the caller's identity, then its cookies. */
export const logoutEverywhere = (jwt: JwtManager, identity: unknown): Promise<DemoAnswer> =>
  answering(jwt, async () => {
    await jwt.revokeAllTokens(whose(identity));
    return ok({ msg: "logged out everywhere" }, jwt.unsetJwtCookies());
  });

/** `GET /sessions`: the caller's live sessions, oldest first, the caller's own marked. */
export const listSessions = (
  jwt: JwtManager,
  identity: unknown,
  payload: JwtPayload,
): Promise<DemoAnswer> =>
  answering(jwt, async () => {
    const sessions = await jwt.listSessions(whose(identity));
    return ok({ sessions: sessions.map((session) => sessionJson(session, payload.fam)) });
  });

/** `DELETE /sessions/<id>`: one of the caller's sessions; 404 for any other id. */
export const revokeSession = (
  jwt: JwtManager,
  identity: unknown,
  sessionId: string | null,
): Promise<DemoAnswer> =>
  answering(jwt, async () => {
    if (sessionId !== null && (await jwt.revokeSession(whose(identity), sessionId))) {
      return ok({ msg: "session revoked" });
    }
    return { status: 404, headers: {}, setCookie: [], body: { msg: "Session not found" } };
  });
