import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A ```ts block of a Markdown file, as the docs test compiles it. A block that cannot stand
 * alone is preceded by an HTML comment, invisible once rendered, holding the code it
 * assumes (`<!-- ts-prelude` ... `-->`); a block fenced ```ts ignore is not compiled.
 */
export interface CodeBlock {
  /** The Markdown file, relative to the repository. */
  readonly doc: string;
  /** The 1-based line of the block's first code line in that file. */
  readonly line: number;
  /** Code compiled before the block (the prelude), possibly empty. */
  readonly prelude: string;
  readonly code: string;
  readonly ignored: boolean;
}

const FENCE = /^```(ts|typescript)(?:\s+(.*))?$/;
const PRELUDE_START = "<!-- ts-prelude";

/** The ```ts blocks of one Markdown text, in order. */
export function extractBlocks(doc: string, markdown: string): CodeBlock[] {
  const lines = markdown.split("\n");
  const blocks: CodeBlock[] = [];
  let prelude: string[] | undefined;
  for (let index = 0; index < lines.length; index++) {
    const text = lines[index] ?? "";
    if (text.startsWith(PRELUDE_START)) {
      const end = lines.indexOf("-->", index);
      prelude = lines.slice(index + 1, end);
      index = end;
      continue;
    }
    const fence = FENCE.exec(text);
    if (fence === null) {
      if (text.trim() !== "") prelude = undefined;
      continue;
    }
    const end = lines.indexOf("```", index + 1);
    blocks.push({
      doc,
      line: index + 2,
      prelude: (prelude ?? []).join("\n"),
      code: lines.slice(index + 1, end).join("\n"),
      ignored: (fence[2] ?? "").split(/\s+/).includes("ignore"),
    });
    prelude = undefined;
    index = end;
  }
  return blocks;
}

/** The ```ts blocks of README.md and of every Markdown file under docs/. */
export function documentationBlocks(root: string): CodeBlock[] {
  const docs = [
    "README.md",
    ...readdirSync(join(root, "docs"))
      .filter((name) => name.endsWith(".md"))
      .sort()
      .map((name) => `docs/${name}`),
  ];
  return docs.flatMap((doc) => extractBlocks(doc, readFileSync(join(root, doc), "utf8")));
}
