/**
 * Whether two strings are equal, in a time that depends on their length only, never on
 * where they first differ: every code unit is compared, and the differences are ORed
 * together rather than returned at the first one. Only the lengths are compared first;
 * callers compare values whose length is no secret (a MAC of a known algorithm, a CSRF
 * value). Strings, rather than `timingSafeEqual`'s buffers, so that a comparison allocates
 * nothing.
 *
 * @example
 * equalInConstantTime(expectedMac, presentedSignature);
 */
export function equalInConstantTime(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
