/**
 * Whether a JSON value is false in Python (`not value`): what the Python library treats as
 * absent when it reads a JSON body's token or a token's `aud`. `null`, `false`, `0`, `""`,
 * an empty list and an empty object; every other value is true.
 */
export function isFalsyInPython(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === "") {
    return true;
  }
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && Object.keys(value).length === 0;
}
