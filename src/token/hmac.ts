import * as nodeCrypto from "node:crypto";
import { createHmac, type KeyObject } from "node:crypto";

/** The MAC of a token's signing input (its text before the last dot), in unpadded base64url. */
export type SigningInputMac = (token: string, end: number) => string;

/** A one-shot digest of bytes, as node:crypto's `hash` (Node 20.12 and later) computes it. */
export type OneShotHash = {
  (algorithm: string, data: Uint8Array, encoding: "buffer"): Buffer;
  (algorithm: string, data: Uint8Array, encoding: "latin1" | "base64url"): string;
};

/** `hash` of `node:crypto`, where the runtime has it (read so that a runtime without it still loads). */
const runtimeHash = (nodeCrypto as { hash?: OneShotHash }).hash;

/** The block size of each hash HMAC uses, in bytes (RFC 2104's B). */
const BLOCK_BYTES: Readonly<Record<string, number>> = { sha256: 64, sha384: 128, sha512: 128 };

/** The key, padded to one block (hashed first when longer, RFC 2104 §2), XORed with `pad`. */
function paddedKey(secret: Buffer, block: number, hash: string, oneShot: OneShotHash): Buffer {
  const key = Buffer.alloc(block);
  (secret.length > block ? oneShot(hash, secret, "buffer") : secret).copy(key);
  return key;
}

/**
 * The HMAC of one secret key with `hash` ("sha256", "sha384" or "sha512"), over the first
 * `end` characters of a token already read strictly (so ASCII: one byte per character),
 * in unpadded base64url: the spelling of a signature that the strict reading accepts.
 *
 * With node:crypto's one-shot `hash`, it is RFC 2104 written out over two digests: the
 * padded keys are written once, each at the start of a buffer kept for the purpose, and a
 * call only writes the token (or the inner digest) after them. No buffer is allocated per
 * call: the digests come back as strings, so a new token costs no `ArrayBuffer`, whose
 * allocation and collection cost more than the digests themselves. `createHmac` builds a
 * native object per call, which costs more still; it computes the MAC only where the
 * runtime lacks `hash`. Either way the result is the same (test/unit/hmac.test.ts checks
 * RFC 4231's vectors and `createHmac` on both paths).
 */
export function signingInputMac(
  hash: string,
  key: KeyObject,
  // `null` chooses createHmac (as where the runtime lacks `hash`): an `undefined` argument
  // would take the default.
  oneShot: OneShotHash | null = runtimeHash ?? null,
): SigningInputMac {
  const block = BLOCK_BYTES[hash];
  if (oneShot === null || block === undefined) {
    return (token, end) =>
      createHmac(hash, key).update(token.slice(0, end), "latin1").digest("base64url");
  }
  const padded = paddedKey(key.export(), block, hash, oneShot);
  const outerPad = Buffer.from(padded.map((byte) => byte ^ 0x5c));
  // The inner pad, then room for a token; grown (pad copied again) for a longer one.
  let inner = Buffer.allocUnsafeSlow(block + 1024);
  Buffer.from(padded.map((byte) => byte ^ 0x36)).copy(inner);
  // The outer pad, then room for the inner digest (at most 64 bytes).
  const outer = Buffer.allocUnsafeSlow(block + 64);
  outerPad.copy(outer);
  return (token, end) => {
    if (block + end > inner.length) {
      const larger = Buffer.allocUnsafeSlow(2 * (block + end));
      inner.copy(larger, 0, 0, block);
      inner = larger;
    }
    inner.write(token, block, end, "latin1");
    const innerDigest = oneShot(hash, inner.subarray(0, block + end), "latin1");
    const length = outer.write(innerDigest, block, "latin1");
    return oneShot(hash, outer.subarray(0, block + length), "base64url");
  };
}
