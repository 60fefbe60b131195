/**
 * The WebCrypto signers and verifiers used where a runtime refuses the engine's
 * `node:crypto` call shape, checked on Node against the engine itself: each accepts the
 * other's tokens for every RSA and ECDSA algorithm, and Node keeps the engine's path.
 */
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { createSigner, createVerifier } from "fast-jwt";
import { describe, expect, it } from "vitest";
import type { Algorithm } from "../../src/config/option-values.ts";
import {
  engineShapeRefused,
  fallbackSigner,
  fallbackVerifier,
} from "../../src/token/asymmetric-fallback.ts";
import { readCompactJws } from "../../src/token/compact-form.ts";
import type { BoundKey } from "../../src/token/keys.ts";

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const CURVES = { ES256: "P-256", ES384: "P-384", ES512: "P-521" } as const;

function pairFor(alg: string): { privateKey: KeyObject; publicKey: KeyObject } {
  const curve = CURVES[alg as keyof typeof CURVES];
  return curve ? generateKeyPairSync("ec", { namedCurve: curve }) : rsa;
}

const bound = (alg: string, key: KeyObject, use: "sign" | "verify"): BoundKey => ({
  kid: "k1",
  algorithm: alg as Algorithm,
  use,
  key,
});

it("is not used on Node, which takes the engine's call shape", () => {
  expect(engineShapeRefused()).toBe(false);
});

const ALGS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

describe.each(ALGS)("%s", (alg) => {
  const { privateKey, publicKey } = pairFor(alg);
  const privatePem = privateKey.export({ type: "pkcs8", format: "pem" }) as string;
  const publicPem = publicKey.export({ type: "spki", format: "pem" }) as string;
  const header = { alg: alg as Algorithm };
  const claims = { sub: "user", n: 1 };

  it("signs what the engine verifies, with the engine's header and claims", async () => {
    const unsigned = createSigner({ algorithm: "none", kid: "k1", header, noTimestamp: true });
    const token = await fallbackSigner(bound(alg, privateKey, "sign"), unsigned)(claims);
    const engineToken = createSigner({
      key: privatePem,
      algorithm: alg as Algorithm,
      kid: "k1",
      header,
      noTimestamp: true,
    })(claims);
    expect(token.slice(0, token.lastIndexOf("."))).toBe(
      engineToken.slice(0, engineToken.lastIndexOf(".")),
    );
    const verified = createVerifier({ key: publicPem, algorithms: [alg as Algorithm] })(token);
    expect(verified).toEqual(claims);
  });

  it("verifies the engine's tokens and refuses a tampered one", async () => {
    const token = createSigner({ key: privatePem, algorithm: alg as Algorithm })(claims);
    const verify = fallbackVerifier(bound(alg, publicKey, "verify"));
    const decoded = await verify(token, readCompactJws(token));
    expect(decoded.payload).toMatchObject(claims);
    const [h, , s] = token.split(".");
    const forged = `${h}.${Buffer.from(JSON.stringify({ sub: "admin" })).toString("base64url")}.${s}`;
    await expect(verify(forged, readCompactJws(forged))).rejects.toThrow(
      "Signature verification failed",
    );
    const unsigned = `${token.slice(0, token.lastIndexOf("."))}.`;
    await expect(verify(unsigned, readCompactJws(unsigned))).rejects.toThrow(
      "Signature verification failed",
    );
  });
});
