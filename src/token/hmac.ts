import * as nodeCrypto from "node:crypto";
import { createHmac, type KeyObject } from "node:crypto";

/** The MAC of a token's signing input (its text before the last dot), as raw bytes. */
export type SigningInputMac = (token: string, end: number) => Buffer;

/** A one-shot digest of bytes, as node:crypto's `hash` (Node 20.12 and later) computes it. */
export type OneShotHash = (algorithm: string, data: Uint8Array, encoding: "buffer") => Buffer;

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
 * `end` characters of a token already read strictly (so ASCII: one byte per character).
 *
 * With node:crypto's one-shot `hash`, it is RFC 2104 written out over two digests, with
 * the padded keys computed once: `createHmac` builds a native object per call, which costs
 * more than the digests themselves when every request brings a new token. Where the
 * runtime lacks `hash`, `createHmac` computes it. Either way the result is the same bytes
 * (test/unit/hmac.test.ts checks RFC 4231's vectors and `createHmac` on both paths).
 */
export function signingInputMac(
  hash: string,
  key: KeyObject,
  oneShot: OneShotHash | undefined = runtimeHash,
): SigningInputMac {
  const block = BLOCK_BYTES[hash];
  if (oneShot === undefined || block === undefined) {
    return (token, end) => createHmac(hash, key).update(token.slice(0, end), "latin1").digest();
  }
  const padded = paddedKey(key.export(), block, hash, oneShot);
  const innerPad = Buffer.from(padded.map((byte) => byte ^ 0x36));
  const outerPad = Buffer.from(padded.map((byte) => byte ^ 0x5c));
  return (token, end) => {
    const inner = Buffer.allocUnsafe(block + end);
    innerPad.copy(inner);
    inner.write(token, block, end, "latin1");
    const innerDigest = oneShot(hash, inner, "buffer");
    const outer = Buffer.allocUnsafe(block + innerDigest.length);
    outerPad.copy(outer);
    innerDigest.copy(outer, block);
    return oneShot(hash, outer, "buffer");
  };
}
