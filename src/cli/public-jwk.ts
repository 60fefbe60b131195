import { createHash, createPublicKey, type KeyObject } from "node:crypto";
import type { Algorithm } from "../config/option-values.ts";
import { ConfigurationError } from "../errors.ts";
import { JwtManager } from "../manager.ts";
import type { JwkSet } from "../token/keys.ts";
import { asUsageError } from "./configuration.ts";
import { UsageError } from "./usage.ts";

/** The members of a public JWK its RFC 7638 thumbprint is computed over, by key type. */
const THUMBPRINT_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  RSA: ["e", "kty", "n"],
  EC: ["crv", "kty", "x", "y"],
  OKP: ["crv", "kty", "x"],
};

/**
 * The RFC 7638 JWK thumbprint of a public key (SHA-256, base64url): a `kid` that anyone
 * holding the public key computes alike, and that changes with the key.
 */
export function thumbprint(key: KeyObject): string {
  const jwk = key.export({ format: "jwk" }) as Record<string, string>;
  const members = THUMBPRINT_MEMBERS[jwk.kty as string];
  if (members === undefined) throw new UsageError(`no thumbprint for a key of type ${jwk.kty}`);
  // The required members in lexicographic order, no white space (RFC 7638 §3.3).
  const canonical = JSON.stringify(Object.fromEntries(members.map((name) => [name, jwk[name]])));
  return createHash("sha256").update(canonical).digest("base64url");
}

const CURVE_ALGORITHMS: Readonly<Record<string, Algorithm>> = {
  prime256v1: "ES256",
  secp384r1: "ES384",
  secp521r1: "ES512",
};

/** The algorithm a public key serves when none is named: RS256 for RSA, by curve for EC. */
export function defaultAlgorithm(key: KeyObject): Algorithm {
  switch (key.asymmetricKeyType) {
    case "rsa":
      return "RS256";
    case "ed25519":
    case "ed448":
      return "EdDSA";
    case "ec": {
      const algorithm = CURVE_ALGORITHMS[key.asymmetricKeyDetails?.namedCurve ?? ""];
      if (algorithm !== undefined) return algorithm;
    }
  }
  throw new UsageError(`no JWT algorithm for a ${key.asymmetricKeyType ?? "secret"} key`);
}

/** A public key to publish: its PEM, the one algorithm it serves, and its `kid`. */
export interface PublishedKey {
  readonly publicKey: KeyObject;
  readonly algorithm: Algorithm;
  readonly kid: string;
}

/** The public key of PEM text, private or public. */
export function publicKeyOf(pem: string, what: string): KeyObject {
  try {
    return createPublicKey(pem);
  } catch {
    throw new UsageError(`${what}: not a PEM public or private key`);
  }
}

/**
 * The JWK Set a server configured with these keys publishes: built by a manager (the
 * first key as `publicKey` with its `kid` as `encodeKeyId`, the others as `decodeKeys`),
 * so the document is the one `/.well-known/jwks.json` serves, checks included (RSA of at
 * least 2048 bits, EC on the algorithm's curve).
 */
export function jwkSetOf(keys: readonly PublishedKey[]): JwkSet {
  const [first, ...others] = keys;
  if (first === undefined) throw new UsageError("no key given");
  const pem = (key: KeyObject) => key.export({ format: "pem", type: "spki" }) as string;
  try {
    const manager = new JwtManager({
      algorithm: first.algorithm,
      publicKey: pem(first.publicKey),
      encodeKeyId: first.kid,
      decodeKeys: others.map((key) => ({
        kid: key.kid,
        key: pem(key.publicKey),
        algorithm: key.algorithm,
      })),
      // Only the public keys are at hand: no token is signed here.
      loaders: {
        encodeKey: () => {
          throw new ConfigurationError("privateKey: no token is signed here");
        },
      },
    });
    return manager.jwks();
  } catch (error) {
    return asUsageError(error);
  }
}
