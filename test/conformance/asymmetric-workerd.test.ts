/**
 * RS256, PS256 and ES256 on workerd, whose `node:crypto` takes keys differently from
 * Node's: tokens the Worker signs are sound JWS (checked here with Node's crypto), tokens
 * Node signs verify there, and a tampered or wrongly padded signature is refused.
 */
import { constants, createPrivateKey, generateKeyPairSync, sign, verify } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer } from "../helpers/bearer.ts";
import { loginWithoutCookies } from "../helpers/demo-login.ts";
import type { RunningDemo } from "../helpers/demo-server.ts";
import {
  RUNTIME_START_TIMEOUT_MS,
  removeRuntimeBundles,
  startRuntimeDemo,
} from "../helpers/runtime-demo.ts";

afterAll(removeRuntimeBundles);

const KEYS = {
  RS256: () => generateKeyPairSync("rsa", { modulusLength: 2048 }),
  PS256: () => generateKeyPairSync("rsa", { modulusLength: 2048 }),
  ES256: () => generateKeyPairSync("ec", { namedCurve: "P-256" }),
} as const;

type Alg = keyof typeof KEYS;

const PSS = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
const PKCS1 = { padding: constants.RSA_PKCS1_PADDING };

/** The signature options of `alg` as the JWS spec (RFC 7518 §3) defines them. */
const jwsOptions = (alg: Alg) =>
  alg === "PS256" ? PSS : alg === "RS256" ? PKCS1 : { dsaEncoding: "ieee-p1363" as const };

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A token with `header` and `claims`, signed by Node with `options`. */
function signOnNode(
  privatePem: string,
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  options: object,
): string {
  const input = `${b64(header)}.${b64(claims)}`;
  const key = createPrivateKey(privatePem);
  const signature = sign("sha256", Buffer.from(input), { key, ...options });
  return `${input}.${signature.toString("base64url")}`;
}

async function protectedStatus(url: string, token: string): Promise<[number, unknown]> {
  const res = await fetch(`${url}/protected`, { headers: bearer(token) });
  return [res.status, await res.json()];
}

for (const alg of Object.keys(KEYS) as Alg[]) {
  describe(`${alg} on workerd`, () => {
    const pair = KEYS[alg]();
    const privatePem = pair.privateKey.export({ type: "pkcs8", format: "pem" }) as string;
    const publicPem = pair.publicKey.export({ type: "spki", format: "pem" }) as string;
    let demo: RunningDemo;

    beforeAll(async () => {
      demo = await startRuntimeDemo({
        runtime: "workerd",
        framework: "fetch",
        env: { JWT_ALGORITHM: alg, JWT_PRIVATE_KEY: privatePem, JWT_PUBLIC_KEY: publicPem },
      });
    }, RUNTIME_START_TIMEOUT_MS);
    afterAll(() => demo?.close());

    it("signs tokens that Node verifies and that the Worker accepts", async () => {
      const { access } = await loginWithoutCookies(demo.url);
      const [header, claims, signature] = access.split(".") as [string, string, string];
      expect(JSON.parse(Buffer.from(header, "base64url").toString())).toMatchObject({ alg });
      const valid = verify(
        "sha256",
        Buffer.from(`${header}.${claims}`),
        { key: pair.publicKey, ...jwsOptions(alg) },
        Buffer.from(signature, "base64url"),
      );
      expect(valid).toBe(true);
      const [status] = await protectedStatus(demo.url, access);
      expect(status).toBe(200);
    });

    it("accepts a token Node signed with the key", async () => {
      const { access } = await loginWithoutCookies(demo.url);
      const claims = JSON.parse(
        Buffer.from(access.split(".")[1] as string, "base64url").toString(),
      );
      const token = signOnNode(privatePem, { alg, typ: "JWT" }, claims, jwsOptions(alg));
      const [status] = await protectedStatus(demo.url, token);
      expect(status).toBe(200);
    });

    it("refuses a tampered token with the contract's message", async () => {
      const { access } = await loginWithoutCookies(demo.url);
      const [header, claims, signature] = access.split(".") as [string, string, string];
      const forged = JSON.parse(Buffer.from(claims, "base64url").toString());
      forged.sub = "someone-else";
      const [status, body] = await protectedStatus(
        demo.url,
        `${header}.${b64(forged)}.${signature}`,
      );
      expect(status).toBe(422);
      expect(body).toEqual({ msg: "Signature verification failed" });
    });

    it("refuses a token of another algorithm signed with the same key", async () => {
      const { access } = await loginWithoutCookies(demo.url);
      const claims = JSON.parse(
        Buffer.from(access.split(".")[1] as string, "base64url").toString(),
      );
      const other = alg === "ES256" ? "ES384" : alg === "RS256" ? "PS256" : "RS256";
      const token = signOnNode(privatePem, { alg: other, typ: "JWT" }, claims, jwsOptions(alg));
      const [status, body] = await protectedStatus(demo.url, token);
      expect(status).toBe(422);
      expect(body).toEqual({ msg: "The specified alg value is not allowed" });
    });

    if (alg !== "ES256") {
      it("refuses the signature of the other RSA padding under this algorithm's name", async () => {
        const { access } = await loginWithoutCookies(demo.url);
        const claims = JSON.parse(
          Buffer.from(access.split(".")[1] as string, "base64url").toString(),
        );
        const wrong = alg === "PS256" ? PKCS1 : PSS;
        const token = signOnNode(privatePem, { alg, typ: "JWT" }, claims, wrong);
        const [status, body] = await protectedStatus(demo.url, token);
        expect(status).toBe(422);
        expect(body).toEqual({ msg: "Signature verification failed" });
      });
    } else {
      it("refuses a DER-encoded ECDSA signature", async () => {
        const { access } = await loginWithoutCookies(demo.url);
        const claims = JSON.parse(
          Buffer.from(access.split(".")[1] as string, "base64url").toString(),
        );
        const token = signOnNode(privatePem, { alg, typ: "JWT" }, claims, {});
        const [status, body] = await protectedStatus(demo.url, token);
        expect(status).toBe(422);
        expect(body).toEqual({ msg: "Cannot verify the signature." });
      });
    }
  });
}
