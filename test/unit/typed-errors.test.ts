/**
 * Whatever a public function is given, what it throws is one of the library's errors, with
 * a code: never a bare `Error`, `TypeError` or `RangeError` of the runtime or of a library
 * underneath. The calls below give the public API arguments it does not accept, as a
 * JavaScript caller (or a TypeScript one behind a cast) could.
 */
import {
  isJwtExtendedError,
  type JwtErrorCode,
  JwtExtendedError,
  JwtManager,
  MemoryTokenStore,
  optionsFromEnv,
} from "jwt-extended";
import { RedisTokenStore } from "jwt-extended/redis";
import { describe, expect, it } from "vitest";
import { ERROR_ANSWERS } from "../../src/errors.ts";

const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";

/** Calls `call` and returns what it threw or rejected with, or `undefined`. */
async function thrownBy(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Lets a test pass what the types forbid, as a JavaScript caller would. */
const loose = (value: unknown): never => value as never;

const jwt = new JwtManager({ secretKey });
const store = new MemoryTokenStore({ maxEntries: 1 });

const misuses: ReadonlyArray<readonly [string, () => unknown]> = [
  ["new JwtManager(null)", () => new JwtManager(loose(null))],
  ["new JwtManager with a number as options", () => new JwtManager(loose(42))],
  ["new JwtManager with an unknown option", () => new JwtManager(loose({ secretKey, nope: 1 }))],
  [
    "new JwtManager with a malformed PEM key",
    () =>
      new JwtManager({
        algorithm: "RS256",
        privateKey: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
        publicKey: "x",
      }),
  ],
  [
    "new JwtManager with a JWK of the wrong shape",
    () =>
      new JwtManager({ algorithm: "ES256", privateKey: loose({ kty: "EC", crv: "P-256", d: 5 }) }),
  ],
  [
    "new JwtManager with a jwksUrl that is not a URL",
    () => new JwtManager({ algorithm: "RS256", jwksUrl: "::not a url::" }),
  ],
  ["JwtManager.fromEnv(null)", () => JwtManager.fromEnv(loose(null))],
  ["optionsFromEnv(undefined)", () => optionsFromEnv(loose(undefined))],
  ["a loader that is not a function", () => jwt.userLookupLoader(loose("users"))],
  ["createAccessToken with null options", () => jwt.createAccessToken("alice", loose(null))],
  [
    "createAccessToken with a text expiresDelta",
    () => jwt.createAccessToken("alice", loose({ expiresDelta: "soon" })),
  ],
  [
    "createAccessToken with a cyclic identity",
    () => {
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      return jwt.createAccessToken(cyclic);
    },
  ],
  ["createAccessToken with a BigInt identity", () => jwt.createAccessToken(10n)],
  ["createTokenPair with null options", () => jwt.createTokenPair("alice", loose(null))],
  ["decodeToken of a number", () => jwt.decodeToken(loose(42))],
  ["decodeToken with null options", () => jwt.decodeToken("a.b.c", loose(null))],
  ["getUnverifiedJwtHeaders of a number", () => jwt.getUnverifiedJwtHeaders(loose(42))],
  ["getUnverifiedJwtHeaders of undefined", () => jwt.getUnverifiedJwtHeaders(loose(undefined))],
  ["getJti of null", () => jwt.getJti(loose(null))],
  ["getCsrfToken of an object", () => jwt.getCsrfToken(loose({}))],
  ["revokeToken without a store", () => jwt.revokeToken("a.b.c")],
  [
    "revokeToken of a number, with a store",
    () => new JwtManager({ secretKey, store: new MemoryTokenStore() }).revokeToken(loose(42)),
  ],
  [
    "revokeToken of null, with a store",
    () => new JwtManager({ secretKey, store: new MemoryTokenStore() }).revokeToken(loose(null)),
  ],
  ["accessCookies of a number", () => jwt.accessCookies(loose(42))],
  ["accessCookies of a token that is not one", () => jwt.accessCookies("not a token")],
  [
    "refreshCookies with a domain that a cookie cannot carry",
    async () => jwt.refreshCookies(await jwt.createRefreshToken("alice"), { domain: "bad;domain" }),
  ],
  [
    "unsetJwtCookies with a domain that a cookie cannot carry",
    () => jwt.unsetJwtCookies({ domain: "bad domain\n" }),
  ],
  ["route with null options", () => jwt.route(loose(null))],
  ["route with a location that does not exist", () => jwt.route(loose({ locations: ["body"] }))],
  ["refreshTokens of something that is not a context", () => jwt.refreshTokens(loose({}))],
  ["new MemoryTokenStore with no room", () => new MemoryTokenStore({ maxEntries: 0 })],
  ["new MemoryTokenStore(null)", () => new MemoryTokenStore(loose(null))],
  ["MemoryTokenStore.set with a negative lifetime", () => store.set("k", "v", -1)],
  [
    "MemoryTokenStore.set past maxEntries",
    async () => {
      await store.set("first", "v", null);
      await store.set("second", "v", null);
    },
  ],
  ["new RedisTokenStore()", () => new RedisTokenStore(loose(undefined))],
  ["new RedisTokenStore with a URL that is not one", () => new RedisTokenStore({ url: "::" })],
];

describe("misusing the public API", () => {
  it.each(misuses)("%s throws one of the library's errors, with its code", async (_, call) => {
    const error = await thrownBy(call);
    expect(error).toBeInstanceOf(JwtExtendedError);
    expect(isJwtExtendedError(error) && Object.hasOwn(ERROR_ANSWERS, error.code)).toBe(true);
  });
});

describe("the error table", () => {
  it("gives every code a status between 400 and 599", () => {
    for (const [code, answer] of Object.entries(ERROR_ANSWERS)) {
      expect([code, answer.status >= 400 && answer.status < 600]).toEqual([code, true]);
    }
  });

  it("answers the application's own mistakes to nobody but the application", () => {
    const unanswered = Object.entries(ERROR_ANSWERS)
      .filter(([, answer]) => !answer.answered)
      .map(([code]) => code as JwtErrorCode);
    expect(unanswered.sort()).toEqual(["CONFIGURATION", "MISSING_GUARD"]);
  });
});
