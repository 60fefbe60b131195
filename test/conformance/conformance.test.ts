/**
 * Runs the conformance table (`scenarios.ts`) over real HTTP against the demo server,
 * once per framework, starting one demo per environment group.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDemo, startDemo } from "../helpers/demo-server.ts";
import { groupByEnv, runScenario } from "./run-scenario.ts";
import { frameworks, scenarios } from "./scenarios.ts";

const groups = groupByEnv(scenarios);

describe("the conformance table", () => {
  it("has a unique name for every scenario", () => {
    const names = scenarios.map((s) => s.name);
    const duplicates = names.filter((name, i) => names.indexOf(name) !== i);
    expect(duplicates).toEqual([]);
  });
});

for (const framework of frameworks) {
  describe(`demo on ${framework}`, () => {
    for (const group of groups) {
      describe(group.label, () => {
        let demo: RunningDemo | undefined;
        beforeAll(async () => {
          demo = await startDemo({ env: { ...group.env }, framework });
        });
        afterAll(async () => {
          await demo?.close();
        });
        for (const scenario of group.scenarios) {
          it(scenario.name, async () => {
            if (!demo) throw new Error("the demo server did not start");
            await runScenario(demo.url, scenario);
          });
        }
      });
    }
  });
}
