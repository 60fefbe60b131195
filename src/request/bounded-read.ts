/** What {@link readAtMost} answers for a stream that grew past its limit. */
export const TOO_LONG: unique symbol = Symbol("jwt-extended.tooLong");

/**
 * Reads a byte stream to its end, unless it grows past `limit` bytes: then it stops
 * reading, cancels the stream and answers {@link TOO_LONG}, so that whoever sends the bytes
 * decides nothing about how much memory is used. The cancel is not awaited: cancelling one
 * branch of a tee (a cloned request's body) settles only once the other branch is cancelled
 * too, so awaiting it could wait forever. A stream that fails rejects.
 *
 * @example
 * const bytes = await readAtMost(response.body, 1024 * 1024);
 * if (bytes === TOO_LONG) return undefined; // larger than a key document may be
 */
export async function readAtMost(
  stream: ReadableStream<Uint8Array>,
  limit: number,
): Promise<Uint8Array | typeof TOO_LONG> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      reader.cancel().catch(() => {});
      return TOO_LONG;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const whole = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return whole;
}
