/** Builders of expected answers, and the body checks they share. */
import type { BodyCheck, Expectation } from "./table.ts";

export const ok = (json: unknown): Expectation => ({ status: 200, json });
export const error = (status: number, msg: string, key = "msg"): Expectation => ({
  status,
  json: { [key]: msg },
});

/** An error body `{"<key>": "<any message>"}` and nothing else. */
export const errorBody = (key = "msg"): BodyCheck => ({
  says: `a JSON error {"${key}": <string>} and nothing else`,
  problem: (body) => {
    if (!isRecord(body)) return "not a JSON object";
    const keys = Object.keys(body);
    if (keys.length !== 1 || keys[0] !== key) return `keys ${JSON.stringify(keys)}`;
    return typeof body[key] === "string" && body[key] !== "" ? undefined : "not a message";
  },
});

/** A failure with the given status (or any 4xx) whose message the contract leaves open. */
export const anyError = (status: number | "4xx", key = "msg"): Expectation => ({
  status,
  satisfies: errorBody(key),
});

/** Any JSON object. */
export const jsonObject: BodyCheck = {
  says: "a JSON object",
  problem: (body) => (isRecord(body) ? undefined : "not a JSON object"),
};

/**
 * No JWT error: the demo's routing answers OPTIONS before any guard (a guard that does see
 * OPTIONS answers an empty 204, see test/http/options-requests.test.ts).
 */
export const noJwtError: Expectation = {
  status: "not-401-or-422",
  text: {
    says: "no JWT error",
    problem: (text) => {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return undefined;
      }
      return isRecord(body) && "msg" in body ? `an error ${text}` : undefined;
    },
  },
};

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
