import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (path: string): string =>
  readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

const jsBlocks = (markdown: string): string[] =>
  [...markdown.matchAll(/```js\n([\s\S]*?)\n```/g)].map((match) => match[1] as string);

describe("docs/token-locations.md", () => {
  it("shows, section by section, the browser code the demo page runs", () => {
    const blocks = jsBlocks(read("docs/token-locations.md"));
    const snippets = ["headers", "cookies", "query-string", "json-body"].map((name) =>
      read(`examples/jwt-locations/public/snippets/${name}.js`).trimEnd(),
    );
    expect(blocks).toEqual(snippets);
  });
});

describe("README.md", () => {
  it("names the two commands a newcomer needs", () => {
    const readme = read("README.md");
    expect(readme).toContain("npm start");
    expect(readme).toContain("npm test");
  });
});
