/** The conformance table against the demo on workerd (`npm run start:workerd`). */
import { describeConformanceOn } from "./on-runtime.ts";

describeConformanceOn("workerd", ["fetch", "hono"]);
