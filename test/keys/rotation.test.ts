/**
 * Key rotation end to end, over HTTP against the demo on every framework: tokens signed
 * with the old key keep working while it is a decode key, new tokens carry the new `kid`,
 * and once the old key is removed its tokens are refused. Each phase is a restart of the
 * demo with the `JWT_*` configuration an operator would deploy.
 */
import { JwtManager } from "jwt-extended";
import { describe, expect, it } from "vitest";
import { DEMO_FRAMEWORKS } from "../../examples/jwt-locations/server.ts";
import { startDemo } from "../helpers/demo-server.ts";
import { keyPair } from "../helpers/jws.ts";
import { decodeUnverified } from "../helpers/tokens.ts";

const oldKey = keyPair("rsa", "2026-01");
const newKey = keyPair("rsa", "2026-07");

/** The demo's environment signing with `key` as `kid`, also accepting `previous`. */
function env(
  key: { privatePem: string; publicPem: string },
  kid: string,
  previous?: { kid: string; publicPem: string },
): Record<string, string> {
  return {
    JWT_ALGORITHM: "RS256",
    JWT_PRIVATE_KEY: key.privatePem,
    JWT_PUBLIC_KEY: key.publicPem,
    JWT_ENCODE_KEY_ID: kid,
    JWT_DECODE_KEYS: JSON.stringify(
      previous ? [{ kid: previous.kid, key: previous.publicPem }] : [],
    ),
  };
}

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/login_without_cookies`, { method: "POST" });
  return ((await res.json()) as { access_token: string }).access_token;
}

async function whoami(
  url: string,
  token: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}/whoami`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe.each(DEMO_FRAMEWORKS)("rotating the signing key of the demo on %s", (framework) => {
  it("keeps old tokens working until the old key is removed; new tokens carry the new kid", async () => {
    // Phase 1: the old key signs.
    const first = await startDemo({ framework, env: env(oldKey, "2026-01") });
    const oldToken = await login(first.url);
    await first.close();
    expect(decodeUnverified(oldToken).header).toMatchObject({ alg: "RS256", kid: "2026-01" });

    // Phase 2: the new key signs; the old one still verifies.
    const second = await startDemo({
      framework,
      env: env(newKey, "2026-07", { kid: "2026-01", publicPem: oldKey.publicPem }),
    });
    try {
      expect(await whoami(second.url, oldToken)).toMatchObject({
        status: 200,
        body: { identity: "example_user" },
      });
      const newToken = await login(second.url);
      expect(decodeUnverified(newToken).header).toMatchObject({ alg: "RS256", kid: "2026-07" });
      expect((await whoami(second.url, newToken)).status).toBe(200);
      const jwks = (await (await fetch(`${second.url}/.well-known/jwks.json`)).json()) as {
        keys: { kid: string }[];
      };
      expect(jwks.keys.map((key) => key.kid).sort()).toEqual(["2026-01", "2026-07"]);

      // Phase 3: the old key is removed.
      const third = await startDemo({ framework, env: env(newKey, "2026-07") });
      try {
        expect(await whoami(third.url, oldToken)).toMatchObject({
          status: 422,
          body: { msg: "The token key id is unknown." },
        });
        expect((await whoami(third.url, newToken)).status).toBe(200);
      } finally {
        await third.close();
      }
    } finally {
      await second.close();
    }
  });
});

describe("rotating an HMAC secret", () => {
  const oldSecret = "the-previous-secret-of-at-least-32-bytes";
  const newSecret = "the-current-secret-of-at-least-32-bytes!";

  it("verifies tokens of the previous secret by kid, and signs with the new one", async () => {
    const before = new JwtManager({ secretKey: oldSecret, encodeKeyId: "v1" });
    const oldToken = await before.createAccessToken("alice");
    const during = new JwtManager({
      secretKey: newSecret,
      encodeKeyId: "v2",
      decodeKeys: [{ kid: "v1", key: oldSecret }],
    });
    await expect(during.decodeToken(oldToken)).resolves.toMatchObject({ sub: "alice" });
    const newToken = await during.createAccessToken("alice");
    expect(during.getUnverifiedJwtHeaders(newToken).kid).toBe("v2");
    const after = new JwtManager({ secretKey: newSecret, encodeKeyId: "v2" });
    await expect(after.decodeToken(newToken)).resolves.toBeTruthy();
    await expect(after.decodeToken(oldToken)).rejects.toMatchObject({ status: 422 });
  });

  it("keeps verifying tokens issued before keys had ids with the configured key", async () => {
    const legacy = await new JwtManager({ secretKey: newSecret }).createAccessToken("alice");
    const keyed = new JwtManager({ secretKey: newSecret, encodeKeyId: "v2" });
    await expect(keyed.decodeToken(legacy)).resolves.toMatchObject({ sub: "alice" });
  });

  it("refuses an additional kid header when encodeKeyId names the key", async () => {
    const keyed = new JwtManager({ secretKey: newSecret, encodeKeyId: "v2" });
    await expect(
      keyed.createAccessToken("a", { additionalHeaders: { kid: "v1" } }),
    ).rejects.toThrow(/kid header is set by encodeKeyId/);
  });
});

describe("the key loaders", () => {
  const keys = new Map([
    ["a", keyPair("ec256", "a")],
    ["b", keyPair("ec256", "b")],
  ]);

  it("sign with the encode-key loader's key and verify with the decode-key loader's, by kid", async () => {
    const jwt = new JwtManager({
      algorithm: "ES256",
      loaders: {
        encodeKey: (identity) => keys.get(identity === "alice" ? "a" : "b")?.privateKey as never,
        additionalHeaders: (identity) => ({ kid: identity === "alice" ? "a" : "b" }),
        decodeKey: (header) => keys.get(String(header.kid))?.publicKey as never,
      },
    });
    const alice = await jwt.createAccessToken("alice");
    const bob = await jwt.createAccessToken("bob");
    await expect(jwt.decodeToken(alice)).resolves.toMatchObject({ sub: "alice" });
    await expect(jwt.decodeToken(bob)).resolves.toMatchObject({ sub: "bob" });
    const [h, p, s] = alice.split(".");
    const swapped = `${Buffer.from(JSON.stringify({ alg: "ES256", typ: "JWT", kid: "b" })).toString("base64url")}.${p}.${s}`;
    expect(h).not.toBe(swapped.split(".")[0]);
    await expect(jwt.decodeToken(swapped)).rejects.toMatchObject({ status: 422 });
  });

  it("binds a loader's key to the algorithm too: a P-384 key cannot serve ES256", async () => {
    const jwt = new JwtManager({
      algorithm: "ES256",
      loaders: {
        encodeKey: () => keyPair("ec384").privateKey,
        decodeKey: () => keyPair("ec384").publicKey,
      },
    });
    await expect(jwt.createAccessToken("a")).rejects.toThrow(/EC P-256 key/);
  });
});
