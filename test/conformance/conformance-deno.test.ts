/** The conformance table against the demo on Deno (`npm run start:deno`). */
import { describeConformanceOn } from "./on-runtime.ts";

describeConformanceOn("deno", ["fetch", "hono"]);
