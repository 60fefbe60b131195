import { KeyObject } from "node:crypto";

const JWK_TYPES = new Set(["RSA", "EC", "OKP", "oct"]);

/**
 * A configuration value described by its shape (type and size), never by its content:
 * what a configuration error may say about an option that can hold a secret, a key or a
 * URL with credentials. `describeShape(123456)` is "a number", never "123456".
 */
export function describeShape(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (typeof value === "string") {
    return value.length === 0 ? "an empty string" : `a string of ${value.length} characters`;
  }
  if (Buffer.isBuffer(value)) return `a Buffer of ${value.length} bytes`;
  if (value instanceof KeyObject) return `a ${value.type} KeyObject`;
  if (Array.isArray(value)) return `a list of ${value.length} items`;
  if (typeof value === "object") {
    // Whether it is a JSON Web Key, and of which standard type, is shape too.
    const kty = (value as { kty?: unknown }).kty;
    if (typeof kty === "string" && JWK_TYPES.has(kty)) return `a JSON Web Key of type ${kty}`;
    return kty === undefined ? "an object without a kty member" : "an object with an unknown kty";
  }
  if (typeof value === "number") return Number.isFinite(value) ? "a number" : String(value);
  if (typeof value === "boolean") return String(value);
  return `a ${typeof value}`;
}
