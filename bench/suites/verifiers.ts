import { createHmac } from "node:crypto";
import { createVerifier } from "fast-jwt";
import { JwtManager, type NodeRequestLike, nodeRequestView } from "jwt-extended";
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
 * Our core: a request view built for each call (`nodeRequestView`, as the Express and
 * Fastify adapters build it, from the built library) and `verifyRequest` with a route
 * compiled once, as an adapter calls them. The cookie way's manager reads cookies only, so CSRF is checked.
 */
export function oursVerification(carrier: TokenCarrier, benchToken: BenchToken): Verification {
  const manager = new JwtManager({
    secretKey: SECRET,
    tokenLocation: carrier === "header" ? ["headers"] : ["cookies"],
  });
  const route = manager.route();
  const request = nodeRequest(requestHeaders(carrier, benchToken));
  return () => manager.verifyRequest(nodeRequestView(request, noBody), route);
}

/**
 * Our core on a different token every call, cycling through more tokens than the manager
 * remembers as verified: what a request costs when its token was not seen lately.
 */
export function oursVerificationOfUnseenTokens(
  benchTokens: readonly BenchToken[],
  carrier: TokenCarrier = "header",
): Verification {
  const manager = new JwtManager({
    secretKey: SECRET,
    tokenLocation: carrier === "header" ? ["headers"] : ["cookies"],
  });
  const route = manager.route();
  const requests = benchTokens.map((benchToken) =>
    nodeRequest(requestHeaders(carrier, benchToken)),
  );
  let next = 0;
  return () => {
    const request = requests[next] as NodeRequestLike;
    next = (next + 1) % requests.length;
    return manager.verifyRequest(nodeRequestView(request, noBody), route);
  };
}
