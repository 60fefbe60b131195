import { generateKeyPairSync } from "node:crypto";
import {
  type Algorithm,
  CsrfError,
  ExpiredSignatureError,
  JwtDecodeError,
  JwtManager,
} from "jwt-extended";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ACCESS_CLAIM_ORDER } from "../helpers/tokens.ts";

const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";

const segments = (
  token: string,
): { header: Record<string, unknown>; payload: Record<string, unknown> } => {
  const [header, payload] = token.split(".");
  return {
    header: JSON.parse(Buffer.from(header as string, "base64url").toString()),
    payload: JSON.parse(Buffer.from(payload as string, "base64url").toString()),
  };
};

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

afterEach(() => {
  vi.useRealTimers();
});

describe("token creation", () => {
  it("writes the contract's claims in the contract's order", async () => {
    vi.useFakeTimers({ now: new Date("2026-01-01T00:00:00Z"), toFake: ["Date"] });
    const jwt = new JwtManager({ secretKey });
    const { header, payload } = segments(await jwt.createAccessToken("alice"));
    const now = Date.parse("2026-01-01T00:00:00Z") / 1000;
    expect(header).toEqual({ alg: "HS256", typ: "JWT" });
    expect(Object.keys(payload)).toEqual(ACCESS_CLAIM_ORDER);
    expect(payload).toMatchObject({
      fresh: false,
      iat: now,
      type: "access",
      sub: "alice",
      nbf: now,
    });
    expect(payload.exp).toBe(now + 900);
    expect(payload.jti).toMatch(UUID_V4);
    expect(payload.csrf).toMatch(UUID_V4);
  });

  it("gives refresh tokens their own type and lifetime, never fresh", async () => {
    vi.useFakeTimers({ now: new Date("2026-01-01T00:00:00Z"), toFake: ["Date"] });
    const jwt = new JwtManager({ secretKey });
    const { payload } = segments(await jwt.createRefreshToken("alice"));
    expect(payload.type).toBe("refresh");
    expect(payload.fresh).toBe(false);
    expect((payload.exp as number) - (payload.iat as number)).toBe(30 * 24 * 3600);
  });

  it("writes fresh as a boolean or as the time it ends", async () => {
    vi.useFakeTimers({ now: new Date("2026-01-01T00:00:00Z"), toFake: ["Date"] });
    const jwt = new JwtManager({ secretKey });
    const now = Date.parse("2026-01-01T00:00:00Z") / 1000;
    expect(segments(await jwt.createAccessToken("a", { fresh: true })).payload.fresh).toBe(true);
    expect(segments(await jwt.createAccessToken("a", { fresh: 600 })).payload.fresh).toBe(
      now + 600,
    );
    expect(segments(await jwt.createAccessToken("a", { fresh: "1h" })).payload.fresh).toBe(
      now + 3600,
    );
  });

  it("leaves out nbf, csrf and exp when told to, and adds aud and iss when configured", async () => {
    const jwt = new JwtManager({
      secretKey,
      encodeNbf: false,
      cookieCsrfProtect: false,
      accessTokenExpires: false,
      encodeAudience: "api",
      encodeIssuer: "issuer",
    });
    const { payload } = segments(await jwt.createAccessToken("a"));
    expect(Object.keys(payload)).toEqual(["fresh", "iat", "jti", "type", "sub", "aud", "iss"]);
  });

  it("uses a per-call lifetime", async () => {
    const jwt = new JwtManager({ secretKey });
    const { payload } = segments(await jwt.createAccessToken("a", { expiresDelta: "2m" }));
    expect((payload.exp as number) - (payload.iat as number)).toBe(120);
    const never = segments(await jwt.createAccessToken("a", { expiresDelta: false })).payload;
    expect(never.exp).toBeUndefined();
  });

  it("merges loader claims and headers under the per-call ones", async () => {
    const jwt = new JwtManager({ secretKey, identityClaim: "user_id" });
    jwt.userIdentityLoader((user) => (user as { id: string }).id);
    jwt.additionalClaimsLoader(() => ({ role: "reader", team: "a" }));
    jwt.additionalHeadersLoader(() => ({ kid: "k1", x: 1 }));
    const token = await jwt.createAccessToken(
      { id: "u-7" },
      { additionalClaims: { role: "admin" }, additionalHeaders: { x: 2 } },
    );
    const { header, payload } = segments(token);
    expect(header).toEqual({ alg: "HS256", typ: "JWT", kid: "k1", x: 2 });
    expect(payload).toMatchObject({ user_id: "u-7", role: "admin", team: "a" });
    expect(jwt.getUnverifiedJwtHeaders(token)).toEqual(header);
  });

  it("writes alg first and typ second, before the extra headers, with or without a kid", async () => {
    const plain = new JwtManager({ secretKey });
    const withKid = new JwtManager({ secretKey, encodeKeyId: "k1" });
    const extra = { additionalHeaders: { x: 2 } };
    const headerText = (token: string) =>
      Buffer.from(token.split(".")[0] as string, "base64url").toString();
    expect(headerText(await plain.createAccessToken("alice"))).toBe('{"alg":"HS256","typ":"JWT"}');
    expect(headerText(await plain.createAccessToken("alice", extra))).toBe(
      '{"alg":"HS256","typ":"JWT","x":2}',
    );
    expect(headerText(await withKid.createAccessToken("alice", extra))).toBe(
      '{"alg":"HS256","typ":"JWT","kid":"k1","x":2}',
    );
  });

  it("refuses an additional header that would change the algorithm", async () => {
    const jwt = new JwtManager({ secretKey });
    await expect(
      jwt.createAccessToken("a", { additionalHeaders: { alg: "none" } }),
    ).rejects.toThrow(/alg header is set by the algorithm option/);
  });

  it("exposes the csrf claim for cookie-setting code", async () => {
    const jwt = new JwtManager({ secretKey });
    const token = await jwt.createAccessToken("a");
    expect(await jwt.getCsrfToken(token)).toBe(segments(token).payload.csrf);
  });
});

describe("token decoding", () => {
  it("round-trips and applies the defaults for missing type, fresh and jti", async () => {
    const jwt = new JwtManager({ secretKey });
    const token = await jwt.createAccessToken("alice", {
      additionalClaims: { type: undefined, fresh: undefined, jti: undefined },
    });
    const payload = await jwt.decodeToken(token);
    expect(payload.sub).toBe("alice");
    expect(payload.type).toBe("access");
    expect(payload.fresh).toBe(false);
    expect(payload.jti).toBeNull();
  });

  it("refuses a token without the identity claim", async () => {
    const jwt = new JwtManager({ secretKey });
    const other = new JwtManager({ secretKey, identityClaim: "uid" });
    await expect(jwt.decodeToken(await other.createAccessToken("a"))).rejects.toThrow(
      "Missing claim: sub",
    );
  });

  it("refuses a sub that is not a string unless verifySub is off", async () => {
    const token = await new JwtManager({ secretKey }).createAccessToken(42);
    await expect(new JwtManager({ secretKey }).decodeToken(token)).rejects.toThrow(JwtDecodeError);
    await expect(
      new JwtManager({ secretKey, verifySub: false }).decodeToken(token),
    ).resolves.toMatchObject({
      sub: 42,
    });
  });

  it("reports expiry as its own error, and decodes expired tokens when allowed", async () => {
    const jwt = new JwtManager({ secretKey, accessTokenExpires: 1 });
    const token = await jwt.createAccessToken("a");
    vi.useFakeTimers({ now: Date.now() + 5_000, toFake: ["Date"] });
    await expect(jwt.decodeToken(token)).rejects.toThrow(ExpiredSignatureError);
    await expect(jwt.decodeToken(token)).rejects.toThrow("Token has expired");
    await expect(jwt.decodeToken(token, { allowExpired: true })).resolves.toMatchObject({
      sub: "a",
    });
  });

  it("allows the configured leeway on exp", async () => {
    const jwt = new JwtManager({ secretKey, accessTokenExpires: 1, decodeLeeway: 30 });
    const token = await jwt.createAccessToken("a");
    vi.useFakeTimers({ now: Date.now() + 10_000, toFake: ["Date"] });
    await expect(jwt.decodeToken(token)).resolves.toMatchObject({ sub: "a" });
  });

  it("refuses a token not yet valid", async () => {
    const jwt = new JwtManager({ secretKey });
    vi.useFakeTimers({ now: Date.now() + 60_000, toFake: ["Date"] });
    const early = await jwt.createAccessToken("a");
    vi.useRealTimers();
    await expect(jwt.decodeToken(early)).rejects.toThrow(JwtDecodeError);
  });

  it("checks audience and issuer when configured", async () => {
    const minted = new JwtManager({ secretKey, encodeAudience: "api", encodeIssuer: "me" });
    const token = await minted.createAccessToken("a");
    await expect(
      new JwtManager({ secretKey, decodeAudience: "api", decodeIssuer: "me" }).decodeToken(token),
    ).resolves.toBeTruthy();
    await expect(
      new JwtManager({ secretKey, decodeAudience: "web" }).decodeToken(token),
    ).rejects.toThrow(JwtDecodeError);
    await expect(
      new JwtManager({ secretKey, decodeIssuer: "them" }).decodeToken(token),
    ).rejects.toThrow(JwtDecodeError);
  });

  it("refuses a token without aud or iss when they are configured for decoding", async () => {
    const token = await new JwtManager({ secretKey }).createAccessToken("a");
    await expect(
      new JwtManager({ secretKey, decodeAudience: "api" }).decodeToken(token),
    ).rejects.toThrow(JwtDecodeError);
    await expect(
      new JwtManager({ secretKey, decodeIssuer: "me" }).decodeToken(token),
    ).rejects.toThrow(JwtDecodeError);
  });

  it("refuses a token signed with another secret or algorithm", async () => {
    const token = await new JwtManager({ secretKey: `${secretKey}?` }).createAccessToken("a");
    await expect(new JwtManager({ secretKey }).decodeToken(token)).rejects.toThrow(JwtDecodeError);
    const hs512 = await new JwtManager({ secretKey, algorithm: "HS512" }).createAccessToken("a");
    await expect(new JwtManager({ secretKey }).decodeToken(hs512)).rejects.toThrow(JwtDecodeError);
    await expect(
      new JwtManager({ secretKey, decodeAlgorithms: ["HS512"] }).decodeToken(hs512),
    ).resolves.toBeTruthy();
  });

  it("refuses an unsigned token", async () => {
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString("base64url");
    const unsigned = `${encode({ alg: "none", typ: "JWT" })}.${encode({ sub: "admin" })}.`;
    await expect(new JwtManager({ secretKey }).decodeToken(unsigned)).rejects.toThrow(
      JwtDecodeError,
    );
  });

  it("compares the double-submit value with the csrf claim", async () => {
    const jwt = new JwtManager({ secretKey });
    const token = await jwt.createAccessToken("a");
    const csrf = (await jwt.getCsrfToken(token)) as string;
    await expect(jwt.decodeToken(token, { csrfValue: csrf })).resolves.toBeTruthy();
    await expect(jwt.decodeToken(token, { csrfValue: `${csrf}x` })).rejects.toThrow(CsrfError);
    await expect(jwt.decodeToken(token, { csrfValue: "x" })).rejects.toThrow(
      "CSRF double submit tokens do not match",
    );
    const withoutCsrf = await new JwtManager({
      secretKey,
      cookieCsrfProtect: false,
    }).createAccessToken("a");
    await expect(jwt.decodeToken(withoutCsrf, { csrfValue: csrf })).rejects.toThrow(
      "Missing claim: csrf",
    );
  });

  it("takes its keys from the key loaders", async () => {
    const keys: Record<string, string> = { one: `${secretKey}-1`, two: `${secretKey}-2` };
    const jwt = new JwtManager({
      loaders: {
        encodeKey: (identity) => keys[identity as string] as string,
        decodeKey: (_header, payload) => keys[payload.sub as string] as string,
      },
    });
    const token = await jwt.createAccessToken("two");
    await expect(jwt.decodeToken(token)).resolves.toMatchObject({ sub: "two" });
    const forged = await new JwtManager({ secretKey: keys.one as string }).createAccessToken("two");
    await expect(jwt.decodeToken(forged)).rejects.toThrow(JwtDecodeError);
  });
});

const keyPairs: Record<string, () => { privateKey: string; publicKey: string }> = {
  RS: () => pem(generateKeyPairSync("rsa", { modulusLength: 2048 })),
  PS: () => pem(generateKeyPairSync("rsa", { modulusLength: 2048 })),
  ES256: () => pem(generateKeyPairSync("ec", { namedCurve: "P-256" })),
  ES384: () => pem(generateKeyPairSync("ec", { namedCurve: "P-384" })),
  ES512: () => pem(generateKeyPairSync("ec", { namedCurve: "P-521" })),
  EdDSA: () => pem(generateKeyPairSync("ed25519")),
};

function pem(pair: {
  privateKey: import("node:crypto").KeyObject;
  publicKey: import("node:crypto").KeyObject;
}) {
  return {
    privateKey: pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKey: pair.publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

describe.each([
  "HS256",
  "HS384",
  "HS512",
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
] as Algorithm[])("algorithm %s", (algorithm) => {
  const keys = algorithm.startsWith("HS")
    ? { secretKey }
    : (keyPairs[algorithm] ?? keyPairs[algorithm.slice(0, 2)])?.();

  it("signs and verifies a token", async () => {
    const jwt = new JwtManager({ algorithm, ...keys });
    const token = await jwt.createAccessToken("alice");
    expect(segments(token).header.alg).toBe(algorithm);
    await expect(jwt.decodeToken(token)).resolves.toMatchObject({ sub: "alice", type: "access" });
  });
});
