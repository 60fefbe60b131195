import type { BoundKey } from "../token/keys.ts";
import type { ResolvedOptions } from "./option-table.ts";

/** A configuration that works but is weak, reported once when the manager is built. */
export interface SecurityWarning {
  /** A stable code, as `process.emitWarning` carries it. */
  readonly code: "JWT_EXTENDED_SHORT_SECRET" | "JWT_EXTENDED_INSECURE_COOKIES";
  readonly message: string;
}

/** RFC 7518 §3.2: an HMAC key at least as long as the hash output (32 bytes for HS256). */
const minimumSecretBytes = (algorithm: string): number =>
  Math.max(32, Number(algorithm.slice(2)) / 8);

/**
 * The warnings `options` deserve: an HMAC secret shorter than its hash (brute-forceable
 * offline from any one token), and, when `NODE_ENV` is `production`, token cookies that
 * browsers would send over plain HTTP. The configured keys are given as bound, so the
 * secret's length is that of the bytes actually used.
 */
export function securityWarnings(
  options: ResolvedOptions,
  keys: readonly (BoundKey | undefined)[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): SecurityWarning[] {
  const warnings: SecurityWarning[] = [];
  const secret = keys.find((key) => key?.key.type === "secret");
  if (secret !== undefined) {
    const bytes = secret.key.symmetricKeySize ?? 0;
    const needed = minimumSecretBytes(secret.algorithm);
    if (bytes < needed) {
      warnings.push({
        code: "JWT_EXTENDED_SHORT_SECRET",
        message:
          `secretKey is ${bytes} bytes long; ${secret.algorithm} needs a secret of at least ` +
          `${needed} random bytes (RFC 7518 §3.2), or tokens can be forged by guessing it offline`,
      });
    }
  }
  if (
    env.NODE_ENV === "production" &&
    !options.cookieSecure &&
    options.tokenLocation.includes("cookies")
  ) {
    warnings.push({
      code: "JWT_EXTENDED_INSECURE_COOKIES",
      message:
        "cookieSecure is false with NODE_ENV=production: token cookies would be sent over " +
        "plain HTTP; set cookieSecure to true (and consider __Host- cookie names)",
    });
  }
  return warnings;
}
