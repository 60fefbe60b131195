/**
 * The conformance table against the demo served by another runtime: one child process per
 * framework and environment group (see `../helpers/runtime-demo.ts`), every scenario of
 * the table, as `conformance.test.ts` runs them on Node.
 */
import { afterAll, beforeAll, describe, it } from "vitest";
import type { RunningDemo } from "../helpers/demo-server.ts";
import {
  type DemoRuntime,
  RUNTIME_START_TIMEOUT_MS,
  removeRuntimeBundles,
  startRuntimeDemo,
} from "../helpers/runtime-demo.ts";
import { groupByEnv, runScenario } from "./run-scenario.ts";
import { scenarios } from "./scenarios.ts";

export function describeConformanceOn(runtime: DemoRuntime, frameworks: readonly string[]): void {
  const groups = groupByEnv(scenarios);
  afterAll(removeRuntimeBundles);
  for (const framework of frameworks) {
    describe(`demo on ${runtime} (${framework})`, () => {
      for (const group of groups) {
        describe(group.label, () => {
          let demo: RunningDemo | undefined;
          beforeAll(async () => {
            demo = await startRuntimeDemo({ runtime, framework, env: { ...group.env } });
          }, RUNTIME_START_TIMEOUT_MS);
          afterAll(async () => {
            await demo?.close();
          });
          for (const scenario of group.scenarios) {
            it(scenario.name, async () => {
              if (!demo) throw new Error(`the demo on ${runtime} did not start`);
              await runScenario(demo.url, scenario);
            });
          }
        });
      }
    });
  }
}
