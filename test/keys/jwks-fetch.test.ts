/**
 * Fetching a JWK Set document from loopback servers: what is accepted, what fails the fetch,
 * and that a fetch over its time is aborted on the wire, not merely abandoned.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { fetchJwkSet, isSecureJwksTransport } from "../../src/token/jwks-fetch.ts";
import { type Listening, listen } from "../helpers/listen.ts";

const OPTIONS = { timeout: 2000, maxBytes: 64 * 1024 };
const KEY = { kty: "EC", crv: "P-256", x: "x", y: "y", kid: "a" };

let server: Listening | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  server = await listen(handler);
  return `${server.url}/jwks.json`;
}

const answer =
  (body: string, status = 200, type = "application/json") =>
  (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { "content-type": type });
    res.end(body);
  };

/** Resolves when the server sees the response closed before it was finished. */
const abandoned = (res: ServerResponse): Promise<boolean> =>
  new Promise((resolve) => res.on("close", () => resolve(!res.writableEnded)));

describe("fetchJwkSet", () => {
  it("returns the keys of a JSON JWK Set, whatever JSON media type it is served as", async () => {
    for (const type of ["application/json", "application/jwk-set+json"]) {
      const url = await serve(answer(JSON.stringify({ keys: [KEY] }), 200, type));
      await expect(fetchJwkSet(url, OPTIONS)).resolves.toEqual([KEY]);
      await server?.close();
    }
  });

  it("returns an empty list for a set without keys: every key is then refused", async () => {
    const url = await serve(answer(JSON.stringify({ keys: [] })));
    await expect(fetchJwkSet(url, OPTIONS)).resolves.toEqual([]);
  });

  it.each([
    ["an error status", answer(JSON.stringify({ keys: [KEY] }), 503)],
    ["a 304 with no document", answer("", 304)],
    ["a body that is not JSON", answer("<html>keys</html>")],
    ["JSON null", answer("null")],
    ["a JSON array", answer(JSON.stringify([KEY]))],
    ["keys that are not an array", answer(JSON.stringify({ keys: { a: KEY } }))],
  ])("fails on %s", async (_what, handler) => {
    const url = await serve(handler);
    await expect(fetchJwkSet(url, OPTIONS)).rejects.toThrow();
  });

  it("fails on a document over the size limit, declared or streamed", async () => {
    const big = JSON.stringify({ keys: [KEY], padding: "x".repeat(OPTIONS.maxBytes) });
    const declared = await serve(answer(big));
    await expect(fetchJwkSet(declared, OPTIONS)).rejects.toThrow(/too large/);
    await server?.close();
    const streamed = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write(big.slice(0, 1000));
      res.end(big.slice(1000));
    });
    await expect(fetchJwkSet(streamed, OPTIONS)).rejects.toThrow(/too large/);
  });

  it("follows a redirect that stays on a secure transport", async () => {
    const url = await serve((req, res) => {
      if (req.url === "/jwks.json") {
        res.writeHead(302, { location: "/keys" });
        res.end();
      } else answer(JSON.stringify({ keys: [KEY] }))(req, res);
    });
    await expect(fetchJwkSet(url, OPTIONS)).resolves.toEqual([KEY]);
  });

  it("fails on a redirect to plain http off loopback", async () => {
    let fetchedThere = false;
    const url = await serve((req, res) => {
      if (req.url === "/jwks.json") {
        // 0.0.0.0 reaches this host, but is not one of the loopback names plain http is allowed to.
        const port = new URL(server?.url ?? "").port;
        res.writeHead(302, { location: `http://0.0.0.0:${port}/keys` });
        res.end();
      } else {
        fetchedThere = true;
        answer(JSON.stringify({ keys: [KEY] }))(req, res);
      }
    });
    await expect(fetchJwkSet(url, OPTIONS)).rejects.toThrow(/off https/);
    expect(fetchedThere).toBe(true);
  });

  it("aborts a request the server does not answer in time", async () => {
    let closed: Promise<boolean> | undefined;
    const url = await serve((_req, res) => {
      closed = abandoned(res);
    });
    await expect(fetchJwkSet(url, { ...OPTIONS, timeout: 200 })).rejects.toThrow();
    await expect(closed).resolves.toBe(true);
  });

  it("aborts a request whose body stalls past the time limit", async () => {
    let closed: Promise<boolean> | undefined;
    const url = await serve((_req, res) => {
      closed = abandoned(res);
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"keys": [');
    });
    await expect(fetchJwkSet(url, { ...OPTIONS, timeout: 200 })).rejects.toThrow();
    await expect(closed).resolves.toBe(true);
  });
});

describe("isSecureJwksTransport", () => {
  it.each([
    "https://issuer.example/jwks.json",
    "http://localhost:8080/jwks.json",
    "http://127.0.0.1/jwks.json",
    "http://127.9.9.9/jwks.json",
    "http://[::1]:3000/jwks.json",
  ])("allows %s", (url) => {
    expect(isSecureJwksTransport(new URL(url))).toBe(true);
  });

  it.each([
    "http://issuer.example/jwks.json",
    "http://0.0.0.0/jwks.json",
    "http://localhost.issuer.example/jwks.json",
    "ftp://issuer.example/jwks.json",
    "file:///etc/jwks.json",
  ])("refuses %s", (url) => {
    expect(isSecureJwksTransport(new URL(url))).toBe(false);
  });
});
