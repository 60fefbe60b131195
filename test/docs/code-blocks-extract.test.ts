import { describe, expect, it } from "vitest";
import { extractBlocks } from "./code-blocks.ts";

const fence = "```";

describe("finding the TypeScript blocks of a Markdown text", () => {
  it("finds ts and typescript blocks with their first code line, and skips other languages", () => {
    const markdown = [
      "# Title",
      `${fence}sh`,
      "npm install jwt-extended",
      fence,
      `${fence}ts`,
      "const a = 1;",
      fence,
      `${fence}typescript`,
      "const b = 2;",
      fence,
    ].join("\n");
    expect(extractBlocks("doc.md", markdown)).toEqual([
      { doc: "doc.md", line: 6, prelude: "", code: "const a = 1;", ignored: false },
      { doc: "doc.md", line: 9, prelude: "", code: "const b = 2;", ignored: false },
    ]);
  });

  it("marks a block fenced ts ignore as not to be compiled", () => {
    const [block] = extractBlocks("doc.md", [`${fence}ts ignore`, "fragment(", fence].join("\n"));
    expect(block?.ignored).toBe(true);
  });

  it("gives a block the hidden prelude written in the HTML comment just before it", () => {
    const markdown = [
      "<!-- ts-prelude",
      'import { JwtManager } from "jwt-extended";',
      "declare const jwt: JwtManager;",
      "-->",
      "",
      `${fence}ts`,
      "jwt.jwks();",
      fence,
      "Some text.",
      `${fence}ts`,
      "const c = 3;",
      fence,
    ].join("\n");
    expect(extractBlocks("doc.md", markdown).map(({ prelude }) => prelude)).toEqual([
      'import { JwtManager } from "jwt-extended";\ndeclare const jwt: JwtManager;',
      "",
    ]);
  });
});
