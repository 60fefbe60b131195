// @vitest-environment node
/**
 * The same bad token, sent to the Python peer (flask-jwt-extended on PyJWT) and to our demo
 * server, gets the same status and the same message: clients and Python services that read
 * `msg` see no difference. Tokens are forged by hand (test/helpers/jws.ts) with the shared
 * secret, so that each one fails for exactly one reason.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer } from "../helpers/bearer.ts";
import { type RunningDemo, startDemo } from "../helpers/demo-server.ts";
import { send } from "../helpers/http.ts";
import { b64url, claims, forge, signature, signingInput } from "../helpers/jws.ts";
import { type RunningPeer, startPythonPeer } from "../helpers/python-peer.ts";

const SECRET = "interop-secret-that-is-long-enough-for-hs256!";
const HS256 = { alg: "HS256", typ: "JWT" };

interface Answer {
  status: number;
  body: unknown;
}

interface Pair {
  peer: RunningPeer;
  ours: RunningDemo;
}

const servers: Pair[] = [];

/** The peer and our demo, both configured from the same `JWT_*` record. */
async function startBoth(env: Record<string, string> = {}): Promise<Pair> {
  const full = { JWT_SECRET_KEY: SECRET, ...env };
  const [peer, ours] = await Promise.all([
    startPythonPeer({ env: full }),
    startDemo({ env: full }),
  ]);
  const pair = { peer, ours };
  servers.push(pair);
  return pair;
}

afterAll(async () => {
  await Promise.all(servers.flatMap(({ peer, ours }) => [peer.close(), ours.close()]));
});

async function protectedWith(base: string, token: string): Promise<Answer> {
  const response = await fetch(`${base}/protected`, {
    headers: bearer(token),
  });
  return { status: response.status, body: await response.json() };
}

/** Sends `token` to both, expects `status` and `msg` from the peer, and the same from us. */
async function expectSameAnswer(
  { peer, ours }: Pair,
  token: string,
  status: number,
  msg: string,
): Promise<void> {
  const theirs = await protectedWith(peer.url, token);
  expect(theirs, "the peer's answer").toEqual({ status, body: { msg } });
  expect(await protectedWith(ours.url, token), "our answer").toEqual(theirs);
}

const now = (): number => Math.floor(Date.now() / 1000);
const signed = (payload: Record<string, unknown>, header: Record<string, unknown> = HS256) =>
  forge(header, payload, Buffer.from(SECRET));
/** A token whose header and payload segments are given as base64url text, signed. */
const withSegments = (header: string, payload: string): string => {
  const input = `${header}.${payload}`;
  return `${input}.${signature("HS256", Buffer.from(SECRET), input)}`;
};

describe("decode failures answer PyJWT's status and message on both sides", () => {
  let both: Pair;
  beforeAll(async () => {
    both = await startBoth();
  });

  it("a token of two segments: 422 Not enough segments", async () => {
    await expectSameAnswer(both, "eyJhbGciOiJIUzI1NiJ9.e30", 422, "Not enough segments");
  });

  it("a header segment of impossible base64 length: 422 Invalid header padding", async () => {
    const token = `eyJhb.${b64url(JSON.stringify(claims()))}.c2lnbmF0dXJl`;
    await expectSameAnswer(both, token, 422, "Invalid header padding");
  });

  it("a header that is a JSON array: 422 Invalid header string: must be a json object", async () => {
    const token = withSegments(b64url("[1]"), b64url(JSON.stringify(claims())));
    await expectSameAnswer(both, token, 422, "Invalid header string: must be a json object");
  });

  it("a payload segment of impossible base64 length: 422 Invalid payload padding", async () => {
    const token = withSegments(b64url(JSON.stringify(HS256)), "eyJzd");
    await expectSameAnswer(both, token, 422, "Invalid payload padding");
  });

  it("a payload that is a JSON array: 422 Invalid payload string: must be a json object", async () => {
    const token = withSegments(b64url(JSON.stringify(HS256)), b64url("[1]"));
    await expectSameAnswer(both, token, 422, "Invalid payload string: must be a json object");
  });

  it("a signature segment of impossible base64 length: 422 Invalid crypto padding", async () => {
    const token = `${signingInput(HS256, claims())}.abcde`;
    await expectSameAnswer(both, token, 422, "Invalid crypto padding");
  });

  it("a numeric kid: 422 Key ID header parameter must be a string", async () => {
    const token = signed(claims(), { ...HS256, kid: 7 });
    await expectSameAnswer(both, token, 422, "Key ID header parameter must be a string");
  });

  it("a token signed with another secret: 422 Signature verification failed", async () => {
    const token = forge(HS256, claims(), Buffer.from(`${SECRET}-not-it`));
    await expectSameAnswer(both, token, 422, "Signature verification failed");
  });

  it("a token with an empty signature: 422 Signature verification failed", async () => {
    await expectSameAnswer(
      both,
      `${signingInput(HS256, claims())}.`,
      422,
      "Signature verification failed",
    );
  });

  it("an algorithm outside the allow-list: 422 The specified alg value is not allowed", async () => {
    const token = forge({ alg: "HS512", typ: "JWT" }, claims(), Buffer.from(SECRET));
    await expectSameAnswer(both, token, 422, "The specified alg value is not allowed");
  });

  it('alg "none" with no signature: 422 The specified alg value is not allowed', async () => {
    const token = `${signingInput({ alg: "none", typ: "JWT" }, claims())}.`;
    await expectSameAnswer(both, token, 422, "The specified alg value is not allowed");
  });

  it("an nbf an hour ahead: 422 The token is not yet valid (nbf)", async () => {
    const token = signed(claims("example_user", { nbf: now() + 3600 }));
    await expectSameAnswer(both, token, 422, "The token is not yet valid (nbf)");
  });

  it("an iat an hour ahead: 422 The token is not yet valid (iat)", async () => {
    const token = signed(claims("example_user", { iat: now() + 3600, nbf: now() }));
    await expectSameAnswer(both, token, 422, "The token is not yet valid (iat)");
  });

  it("an iat that is not a number: 422 Issued At claim (iat) must be an integer.", async () => {
    const token = signed(claims("example_user", { iat: "yesterday" }));
    await expectSameAnswer(both, token, 422, "Issued At claim (iat) must be an integer.");
  });

  it("an nbf that is not a number: 422 Not Before claim (nbf) must be an integer.", async () => {
    const token = signed(claims("example_user", { nbf: "soon" }));
    await expectSameAnswer(both, token, 422, "Not Before claim (nbf) must be an integer.");
  });

  it("an exp that is not a number: 422 Expiration Time claim (exp) must be an integer.", async () => {
    const token = signed(claims("example_user", { exp: "later" }));
    await expectSameAnswer(both, token, 422, "Expiration Time claim (exp) must be an integer.");
  });

  it("an expired token: 401 Token has expired", async () => {
    const token = signed(claims("example_user", { iat: now() - 60, exp: now() - 30 }));
    await expectSameAnswer(both, token, 401, "Token has expired");
  });

  it("a token without the identity claim: 422 Missing claim: sub", async () => {
    const { sub: _sub, ...rest } = claims();
    await expectSameAnswer(both, signed(rest), 422, "Missing claim: sub");
  });

  /** Both sides' answers to a POST /protected whose JSON body holds `access_token: value`. */
  const jsonTokenAnswers = async (value: unknown): Promise<Answer[]> => {
    const answers: Answer[] = [];
    for (const base of [both.peer.url, both.ours.url]) {
      const response = await send({
        method: "POST",
        url: `${base}/protected`,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ access_token: value }),
      });
      answers.push({ status: response.status, body: JSON.parse(response.text) });
    }
    return answers;
  };

  it("a JSON token that is a number: 422 Invalid token type. Token must be a <class 'bytes'>", async () => {
    const [theirs, mine] = await jsonTokenAnswers(5);
    expect(theirs).toEqual({
      status: 422,
      body: { msg: "Invalid token type. Token must be a <class 'bytes'>" },
    });
    expect(mine).toEqual(theirs);
  });

  it.each([
    ["an empty object", {}],
    ["an empty list", []],
    ["false", false],
  ])("a JSON token that is %s reads as missing, as Python deems it empty", async (_what, value) => {
    const [theirs, mine] = await jsonTokenAnswers(value);
    expect(theirs?.status).toBe(401);
    expect(JSON.stringify(theirs?.body)).toContain('Missing \\"access_token\\" key in json data.');
    expect(mine).toEqual(theirs);
  });

  it("two Authorization headers: 401 Missing 'Bearer' type, as one header of two credentials", async () => {
    const token = signed(claims());
    const answers: Answer[] = [];
    for (const base of [both.peer.url, both.ours.url]) {
      const response = await send({
        method: "GET",
        url: `${base}/protected`,
        rawHeaders: [
          ["Authorization", `Bearer ${token}`],
          ["Authorization", `Bearer ${token}`],
        ],
      });
      answers.push({ status: response.status, body: JSON.parse(response.text) });
    }
    expect(answers[0]).toEqual({
      status: 401,
      body: {
        msg: `Missing JWT in headers, cookies, json or query_string (Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'; Missing cookie "access_token_cookie"; Invalid content-type. Must be application/json.; Missing 'jwt' query paramater)`,
      },
    });
    expect(answers[1]).toEqual(answers[0]);
  });
});

describe("iat is compared with the leeway on both sides", () => {
  let both: Pair;
  beforeAll(async () => {
    both = await startBoth({ JWT_DECODE_LEEWAY: "120" });
  });

  it("accepts a token issued a minute ahead with JWT_DECODE_LEEWAY 120", async () => {
    const token = signed(claims("example_user", { iat: now() + 60 }));
    const theirs = await protectedWith(both.peer.url, token);
    expect(theirs).toEqual({ status: 200, body: { foo: "bar" } });
    expect(await protectedWith(both.ours.url, token)).toEqual(theirs);
  });

  it("refuses a token issued an hour ahead with 422 The token is not yet valid (iat)", async () => {
    const token = signed(claims("example_user", { iat: now() + 3600 }));
    await expectSameAnswer(both, token, 422, "The token is not yet valid (iat)");
  });
});

describe("audience and issuer failures answer PyJWT's messages on both sides", () => {
  let both: Pair;
  beforeAll(async () => {
    both = await startBoth({ JWT_DECODE_AUDIENCE: "api", JWT_DECODE_ISSUER: "auth" });
  });

  it('a token without aud: 422 Token is missing the "aud" claim', async () => {
    const token = signed(claims("example_user", { iss: "auth" }));
    await expectSameAnswer(both, token, 422, 'Token is missing the "aud" claim');
  });

  it("a token for another audience: 422 Invalid audience", async () => {
    const token = signed(claims("example_user", { aud: ["web", "mobile"], iss: "auth" }));
    await expectSameAnswer(both, token, 422, "Invalid audience");
  });

  it("an aud that is a number: 422 Invalid claim format in token", async () => {
    const token = signed(claims("example_user", { aud: 5, iss: "auth" }));
    await expectSameAnswer(both, token, 422, "Invalid claim format in token");
  });

  it('a token without iss: 422 Token is missing the "iss" claim', async () => {
    const token = signed(claims("example_user", { aud: "api" }));
    await expectSameAnswer(both, token, 422, 'Token is missing the "iss" claim');
  });

  it("a token from another issuer: 422 Invalid issuer", async () => {
    const token = signed(claims("example_user", { aud: "api", iss: "them" }));
    await expectSameAnswer(both, token, 422, "Invalid issuer");
  });

  it("accepts a token for the audience among others, from the issuer, on both sides", async () => {
    const token = signed(claims("example_user", { aud: ["web", "api"], iss: "auth" }));
    const theirs = await protectedWith(both.peer.url, token);
    expect(theirs).toEqual({ status: 200, body: { foo: "bar" } });
    expect(await protectedWith(both.ours.url, token)).toEqual(theirs);
  });
});
