/** The conformance table against the demo on Bun (`npm run start:bun`), Elysia included. */
import { describeConformanceOn } from "./on-runtime.ts";

describeConformanceOn("bun", ["fetch", "hono", "elysia"]);
