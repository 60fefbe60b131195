/**
 * Key rotation end to end, over HTTP against the demo on every framework: tokens signed
 * with the old key keep working while it is a decode key, new tokens carry the new `kid`,
 * and once the old key is removed its tokens are refused. Each phase is a restart of the
 * demo with the `JWT_*` configuration an operator would deploy. Keys of different types
 * take turns too: a `decodeKeys` entry's algorithm governs that key alone.
 */
import { JwtManager, type JwtOptions } from "jwt-extended";
import { describe, expect, it } from "vitest";
import { DEMO_FRAMEWORKS } from "../../examples/jwt-locations/server.ts";
import { bearer } from "../helpers/bearer.ts";
import { loginWithoutCookies } from "../helpers/demo-login.ts";
import { startDemo } from "../helpers/demo-server.ts";
import { claims, forge, keyPair } from "../helpers/jws.ts";
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

async function whoami(
  url: string,
  token: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}/whoami`, { headers: bearer(token) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe.each(DEMO_FRAMEWORKS)("rotating the signing key of the demo on %s", (framework) => {
  it("keeps old tokens working until the old key is removed; new tokens carry the new kid", async () => {
    // Phase 1: the old key signs.
    const first = await startDemo({ framework, env: env(oldKey, "2026-01") });
    const oldToken = (await loginWithoutCookies(first.url)).access;
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
      const newToken = (await loginWithoutCookies(second.url)).access;
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

describe.each(DEMO_FRAMEWORKS)("rotating from an RS256 key to an ES256 key on %s", (framework) => {
  const rsa = keyPair("rsa", "rotation-rs256");
  const ec = keyPair("ec256", "rotation-es256");
  const rsaEnv = {
    JWT_ALGORITHM: "RS256",
    JWT_PRIVATE_KEY: rsa.privatePem,
    JWT_PUBLIC_KEY: rsa.publicPem,
    JWT_ENCODE_KEY_ID: "rsa-2026-01",
  };
  /** The EC key signs; the RSA key, bound to RS256 by its entry, verifies its old tokens. */
  const ecEnv = (withOldKey: boolean) => ({
    JWT_ALGORITHM: "ES256",
    JWT_PRIVATE_KEY: ec.privatePem,
    JWT_PUBLIC_KEY: ec.publicPem,
    JWT_ENCODE_KEY_ID: "ec-2026-07",
    JWT_DECODE_KEYS: JSON.stringify(
      withOldKey ? [{ kid: "rsa-2026-01", key: rsa.publicPem, algorithm: "RS256" }] : [],
    ),
  });

  it("accepts old RS256 and new ES256 tokens during the rotation, each by its own key", async () => {
    const first = await startDemo({ framework, env: rsaEnv });
    const oldToken = (await loginWithoutCookies(first.url)).access;
    await first.close();
    expect(decodeUnverified(oldToken).header).toMatchObject({ alg: "RS256", kid: "rsa-2026-01" });

    const during = await startDemo({ framework, env: ecEnv(true) });
    try {
      expect(await whoami(during.url, oldToken)).toMatchObject({
        status: 200,
        body: { identity: "example_user" },
      });
      const newToken = (await loginWithoutCookies(during.url)).access;
      expect(decodeUnverified(newToken).header).toMatchObject({ alg: "ES256", kid: "ec-2026-07" });
      expect(await whoami(during.url, newToken)).toMatchObject({ status: 200 });
      const jwks = (await (await fetch(`${during.url}/.well-known/jwks.json`)).json()) as {
        keys: { kid: string; alg: string; kty: string }[];
      };
      expect(jwks.keys.map(({ kid, alg, kty }) => ({ kid, alg, kty }))).toEqual(
        expect.arrayContaining([
          { kid: "ec-2026-07", alg: "ES256", kty: "EC" },
          { kid: "rsa-2026-01", alg: "RS256", kty: "RSA" },
        ]),
      );
    } finally {
      await during.close();
    }

    // Once the RSA key is gone, no key serves RS256 at all.
    const after = await startDemo({ framework, env: ecEnv(false) });
    try {
      expect(await whoami(after.url, oldToken)).toMatchObject({
        status: 422,
        body: { msg: expect.any(String) },
      });
    } finally {
      await after.close();
    }
  });

  it("refuses a token whose alg is not the one its kid's key is bound to", async () => {
    const during = await startDemo({ framework, env: ecEnv(true) });
    try {
      const forged: [string, string][] = [
        // Signed by the RSA key, but naming the EC key.
        [
          "RS256 under the EC kid",
          forge({ alg: "RS256", typ: "JWT", kid: "ec-2026-07" }, claims(), rsa.privateKey),
        ],
        // Signed by the EC key, but naming the RSA key.
        [
          "ES256 under the RSA kid",
          forge({ alg: "ES256", typ: "JWT", kid: "rsa-2026-01" }, claims(), ec.privateKey),
        ],
        // The public keys, which anyone has, used as HMAC secrets.
        [
          "HS256 with the EC public key",
          forge(
            { alg: "HS256", typ: "JWT", kid: "ec-2026-07" },
            claims(),
            Buffer.from(ec.publicPem),
          ),
        ],
        [
          "HS256 with the RSA public key",
          forge(
            { alg: "HS256", typ: "JWT", kid: "rsa-2026-01" },
            claims(),
            Buffer.from(rsa.publicPem),
          ),
        ],
        [
          "RS384 under the RSA kid",
          forge({ alg: "RS384", typ: "JWT", kid: "rsa-2026-01" }, claims(), rsa.privateKey),
        ],
      ];
      for (const [what, token] of forged) {
        const answer = await whoami(during.url, token);
        expect({ what, status: answer.status }).toEqual({ what, status: 422 });
      }
    } finally {
      await during.close();
    }
  });
});

describe("decodeKeys entries across key types", () => {
  const rsa = keyPair("rsa", "entries-rs256");
  const ec = keyPair("ec256", "entries-es256");
  const secret = "the-previous-secret-of-at-least-32-bytes";
  const ecManager = (decodeKeys: JwtOptions["decodeKeys"], more: JwtOptions = {}) =>
    new JwtManager({
      algorithm: "ES256",
      privateKey: ec.privatePem,
      publicKey: ec.publicPem,
      encodeKeyId: "ec",
      decodeKeys,
      ...more,
    });
  const rsaToken = (kid?: string) =>
    forge({ alg: "RS256", typ: "JWT", ...(kid ? { kid } : {}) }, claims("alice"), rsa.privateKey);

  it("binds an entry with its own algorithm to it, outside decodeAlgorithms", async () => {
    const jwt = ecManager([{ kid: "rsa", key: rsa.publicPem, algorithm: "RS256" }]);
    await expect(jwt.decodeToken(rsaToken("rsa"))).resolves.toMatchObject({ sub: "alice" });
    await expect(jwt.decodeToken(await jwt.createAccessToken("bob"))).resolves.toMatchObject({
      sub: "bob",
    });
  });

  it("verifies an RS256 token only by the kid of the entry, never by the configured EC key", async () => {
    const jwt = ecManager([{ kid: "rsa", key: rsa.publicPem, algorithm: "RS256" }]);
    await expect(jwt.decodeToken(rsaToken())).rejects.toMatchObject({ status: 422 });
    await expect(jwt.decodeToken(rsaToken("ec"))).rejects.toMatchObject({ status: 422 });
  });

  it("binds an entry without an algorithm to each of decodeAlgorithms it fits", async () => {
    const jwt = ecManager([{ kid: "rsa", key: rsa.publicPem }], {
      decodeAlgorithms: ["ES256", "RS256"],
    });
    await expect(jwt.decodeToken(rsaToken("rsa"))).resolves.toMatchObject({ sub: "alice" });
    // The EC key serves ES256 only: an RS256 token naming it is refused.
    await expect(jwt.decodeToken(rsaToken("ec"))).rejects.toMatchObject({ status: 422 });
  });

  it("lets an HMAC secret verify its old HS256 tokens by kid after moving to RS256", async () => {
    const before = new JwtManager({ secretKey: secret, encodeKeyId: "hs" });
    const oldToken = await before.createAccessToken("alice");
    const jwt = new JwtManager({
      algorithm: "RS256",
      privateKey: rsa.privatePem,
      publicKey: rsa.publicPem,
      encodeKeyId: "rsa",
      decodeKeys: [{ kid: "hs", key: secret, algorithm: "HS256" }],
    });
    await expect(jwt.decodeToken(oldToken)).resolves.toMatchObject({ sub: "alice" });
    const withPublicKey = forge(
      { alg: "HS256", typ: "JWT", kid: "rsa" },
      claims("mallory"),
      Buffer.from(rsa.publicPem),
    );
    await expect(jwt.decodeToken(withPublicKey)).rejects.toMatchObject({ status: 422 });
    const noKid = forge({ alg: "HS256", typ: "JWT" }, claims("mallory"), Buffer.from(secret));
    await expect(jwt.decodeToken(noKid)).rejects.toMatchObject({ status: 422 });
  });

  it("still refuses public-key material as an entry's HMAC secret", () => {
    expect(() => ecManager([{ kid: "x", key: ec.publicPem, algorithm: "HS256" }])).toThrow(
      /decodeKeys\[0\]\.key: expected an HMAC secret/,
    );
  });

  it("refuses an entry without an algorithm that fits none of decodeAlgorithms", () => {
    expect(() => ecManager([{ kid: "rsa", key: rsa.publicPem }])).toThrow(
      /decodeKeys\[0\]\.key: expected an EC P-256 key for algorithm ES256.*give the entry an algorithm/,
    );
  });

  it("refuses an allowed algorithm that no configured key fits", () => {
    expect(() => ecManager([], { decodeAlgorithms: ["ES256", "RS256"] })).toThrow(
      /decodeAlgorithms: no configured key fits RS256/,
    );
  });
});
