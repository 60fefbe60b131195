import { createHmac } from "node:crypto";
import { createVerifier } from "fast-jwt";
import {
  createBinding,
  type Guard,
  JwtManager,
  type NodeRequestLike,
  nodeRequestView,
} from "jwt-extended";
import {
  type BenchToken,
  METHOD,
  ROUTE,
  requestHeaders,
  SECRET,
  type TokenCarrier,
} from "../fixture.ts";

/** One way of verifying the benchmark token, as the in-process and memory suites call it. */
export type Verification = () => unknown;

/**
 * The floor: what any HS256 verification must do at least. One HMAC-SHA256 of the signing
 * input with `node:crypto`, and the header and payload base64url-decoded and JSON-parsed.
 */
export function floorVerification(token: string): Verification {
  const [header = "", payload = "", signature = ""] = token.split(".");
  const signingInput = `${header}.${payload}`;
  return () => {
    const valid =
      createHmac("sha256", SECRET).update(signingInput).digest("base64url") === signature;
    const parsedHeader = JSON.parse(Buffer.from(header, "base64url").toString("utf8"));
    const parsedPayload = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return valid && parsedHeader && parsedPayload;
  };
}

/** The engine alone: `fast-jwt`'s verifier with its defaults, built once. */
export function engineVerification(token: string): Verification {
  const verify = createVerifier({ key: SECRET });
  return () => verify(token);
}

/** The engine alone on a different token every call, cycling through `tokens`. */
export function engineVerificationOfTokens(tokens: readonly BenchToken[]): Verification {
  const verify = createVerifier({ key: SECRET });
  let next = 0;
  return () => {
    const { token } = tokens[next] as BenchToken;
    next = (next + 1) % tokens.length;
    return verify(token);
  };
}

/** What node:http gives an adapter of a request carrying the token the given way. */
const nodeRequest = (headers: Readonly<Record<string, string>>): NodeRequestLike => ({
  method: METHOD,
  url: ROUTE,
  headers,
});

const noBody = () => Promise.resolve(undefined);

/**
 * A route's guard (the HTTP binding's, which every adapter calls) of a manager reading the
 * token the given way. The cookie way's manager reads cookies only, so CSRF is checked.
 */
function guardOf(carrier: TokenCarrier): Guard<unknown, unknown, object> {
  const manager = new JwtManager({
    secretKey: SECRET,
    tokenLocation: carrier === "header" ? ["headers"] : ["cookies"],
  });
  return createBinding(manager).guard();
}

/** The verified context a guard let through, or null for an answer (a refusal). */
function contextOf(guard: Guard<unknown, unknown, object>, request: NodeRequestLike): unknown {
  // A request view built for each call, as the Express and Fastify adapters build it.
  const decision = guard(nodeRequestView(request, noBody));
  return decision instanceof Promise
    ? decision.then((settled) => settled.context ?? null)
    : (decision.context ?? null);
}

/**
 * Our core as an adapter calls it, from the built library: the guard of a route compiled
 * once, on a request view built for each call.
 */
export function oursVerification(carrier: TokenCarrier, benchToken: BenchToken): Verification {
  const guard = guardOf(carrier);
  const request = nodeRequest(requestHeaders(carrier, benchToken));
  return () => contextOf(guard, request);
}

/**
 * Our core on a different token every call, cycling through more tokens than the manager
 * remembers as verified: what a request costs when its token was not seen lately.
 */
export function oursVerificationOfUnseenTokens(
  benchTokens: readonly BenchToken[],
  carrier: TokenCarrier = "header",
): Verification {
  const guard = guardOf(carrier);
  const requests = benchTokens.map((benchToken) =>
    nodeRequest(requestHeaders(carrier, benchToken)),
  );
  let next = 0;
  return () => {
    const request = requests[next] as NodeRequestLike;
    next = (next + 1) % requests.length;
    return contextOf(guard, request);
  };
}
