import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import type { CodeBlock } from "./code-blocks.ts";

/** The settings a careful user compiles with: strict, unchecked index access, Node's ESM. */
export const USER_TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    moduleDetection: "force",
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
    noEmit: true,
    types: ["node"],
    // NestJS applications are written with the legacy decorators.
    experimentalDecorators: true,
  },
  include: ["*.ts"],
};

/** The declarations of `Bun` and `Deno` that the demo's runtime entry files use. */
const RUNTIME_GLOBALS = (root: string): string =>
  join(root, "examples", "jwt-locations", "runtimes", "globals.d.ts");

/** A block's file in the temporary project; the prelude's lines come first. */
const fileName = (block: CodeBlock): string =>
  `${block.doc.replace(/[/.]/g, "-")}-${block.line}.ts`;

/** The compiler's complaints about one block, each as `doc:line: message`. */
export type BlockDiagnostics = Map<CodeBlock, string[]>;

/**
 * Compiles every block as its own ES module in a temporary project whose `node_modules`
 * holds the repository's dependencies and `jwt-extended` as a link to the repository, so
 * that `jwt-extended` and its subpaths resolve through package.json's exports to dist/.
 */
export function compileBlocks(root: string, blocks: readonly CodeBlock[]): BlockDiagnostics {
  const project = mkdtempSync(join(tmpdir(), "jwt-extended-docs-"));
  try {
    const modules = join(project, "node_modules");
    mkdirSync(modules);
    for (const name of readdirSync(join(root, "node_modules"))) {
      if (name === ".bin" || name === "jwt-extended") continue;
      symlinkSync(join(root, "node_modules", name), join(modules, name));
    }
    symlinkSync(root, join(modules, "jwt-extended"));
    writeFileSync(join(project, "package.json"), JSON.stringify({ type: "module" }));
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify(USER_TSCONFIG));
    // The globals of Bun and Deno that the runtime examples use, declared as the demo does,
    // since neither runtime's type package is installed.
    const globals = join(project, "runtime-globals.d.ts");
    copyFileSync(RUNTIME_GLOBALS(root), globals);
    const files = new Map<string, CodeBlock>();
    for (const block of blocks) {
      const name = join(project, fileName(block));
      writeFileSync(name, block.prelude === "" ? block.code : `${block.prelude}\n${block.code}`);
      files.set(name, block);
    }
    const config = ts.getParsedCommandLineOfConfigFile(join(project, "tsconfig.json"), undefined, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      },
    });
    if (config === undefined) throw new Error("the docs' tsconfig could not be read");
    const rootNames = [globals, ...files.keys()];
    const program = ts.createProgram({ rootNames, options: config.options });
    const found: BlockDiagnostics = new Map(blocks.map((block) => [block, []]));
    for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
      const block = diagnostic.file && files.get(diagnostic.file.fileName);
      if (diagnostic.file === undefined || block === undefined || diagnostic.start === undefined) {
        throw new Error(`the docs' project does not compile: ${message}`);
      }
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      const preludeLines = block.prelude === "" ? 0 : block.prelude.split("\n").length;
      const where =
        line < preludeLines
          ? `${block.doc}:${block.line} (its prelude)`
          : `${block.doc}:${block.line + line - preludeLines}`;
      found.get(block)?.push(`${where}: ${message}`);
    }
    return found;
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}
