/**
 * Every TypeScript block of README.md and docs/ compiles as a user would compile it (strict,
 * `noUncheckedIndexedAccess`, Node's ESM) against the built package, so that the docs
 * cannot drift from the API. See test/docs/code-blocks.ts for the two exceptions a block
 * may take: a hidden prelude, or ```ts ignore.
 */
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "../helpers/built-package.ts";
import { documentationBlocks } from "./code-blocks.ts";
import { type BlockDiagnostics, compileBlocks } from "./compile-blocks.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const blocks = documentationBlocks(root).filter((block) => !block.ignored);

describe("the TypeScript blocks of README.md and docs/", () => {
  let diagnostics: BlockDiagnostics;
  beforeAll(() => {
    ensureBuilt(root);
    diagnostics = compileBlocks(root, blocks);
  }, 180_000);

  it("are found: the README alone has several", () => {
    expect(blocks.filter((block) => block.doc === "README.md").length).toBeGreaterThan(2);
  });

  it.each(blocks.map((block) => ({ block, where: `${block.doc}:${block.line}` })))(
    "$where compiles against the built package",
    ({ block }) => {
      expect(diagnostics.get(block)).toEqual([]);
    },
  );
});
