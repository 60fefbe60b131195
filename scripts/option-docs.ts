import { readFileSync } from "node:fs";
import ts from "typescript";

/** An option's documentation, as its JSDoc in the option table writes it. */
export interface OptionDoc {
  readonly name: string;
  /** The comment's text before its tags, on one line. */
  readonly summary: string;
  /** The text of its `@default` tag, or `undefined` when it has none. */
  readonly defaultText: string | undefined;
}

const TABLE_FILE = new URL("../src/config/option-table.ts", import.meta.url);

const oneLine = (text: string): string => text.replace(/\s+/g, " ").trim();

const objectOf = (node: ts.Expression): ts.ObjectLiteralExpression | undefined => {
  if (ts.isObjectLiteralExpression(node)) return node;
  if (ts.isSatisfiesExpression(node) || ts.isAsExpression(node)) return objectOf(node.expression);
  return undefined;
};

/** Reads the JSDoc of every entry of `OPTION_TABLE`, in the table's order. */
export function readOptionDocs(source = readFileSync(TABLE_FILE, "utf8")): OptionDoc[] {
  const file = ts.createSourceFile("option-table.ts", source, ts.ScriptTarget.ES2022, true);
  const docs: OptionDoc[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isVariableDeclaration(node) &&
      node.name.getText() === "OPTION_TABLE" &&
      node.initializer
    ) {
      for (const property of objectOf(node.initializer)?.properties ?? []) {
        const jsDoc = ts.getJSDocCommentsAndTags(property).filter(ts.isJSDoc);
        const tag = jsDoc
          .flatMap((doc) => doc.tags ?? [])
          .find((t) => t.tagName.text === "default");
        docs.push({
          name: property.name?.getText() ?? "",
          summary: oneLine(
            jsDoc.map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? "").join(" "),
          ),
          defaultText: tag ? oneLine(ts.getTextOfJSDocComment(tag.comment) ?? "") : undefined,
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return docs;
}
