/**
 * The demo's session routes on the other runtimes: Bun (with Elysia), Deno and workerd,
 * each a child process with the in-memory store.
 */
import { afterAll } from "vitest";
import { removeRuntimeBundles, startRuntimeDemo } from "../helpers/runtime-demo.ts";
import { describeSessionRoutes } from "./demo-flows.ts";

afterAll(removeRuntimeBundles);

const RUNTIMES = [
  ["bun", ["fetch", "hono", "elysia"]],
  ["deno", ["fetch", "hono"]],
  ["workerd", ["fetch", "hono"]],
] as const;

for (const [runtime, frameworks] of RUNTIMES) {
  for (const framework of frameworks) {
    describeSessionRoutes(`the ${framework} demo on ${runtime}`, (env) =>
      startRuntimeDemo({ runtime, framework, env }),
    );
  }
}
