/** The conformance table against the demo on Bun (`npm run start:bun`). */
import { describeConformanceOn } from "./on-runtime.ts";

describeConformanceOn("bun", ["fetch", "hono"]);
