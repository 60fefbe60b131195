/**
 * The shell examples of docs/cli.md run, in order, as one script (`sh -e`) in an empty
 * directory, against the built bin: a later block uses the files and variables of the
 * earlier ones, as a reader following the page would. A block fenced ```sh ignore (one
 * that needs a remote server, or `npx`) is not run.
 */

import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuiltCli, buildCli, type CliResult, ROOT, runProcess } from "../helpers/cli.ts";

const FENCE = /^```(sh|bash|shell)(?:\s+(.*))?$/;

/** The ```sh blocks of a Markdown text that are run (not fenced `ignore`), in order. */
function shellBlocks(markdown: string): string[] {
  const lines = markdown.split("\n");
  const blocks: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const fence = FENCE.exec(lines[index] ?? "");
    if (fence === null) continue;
    const end = lines.indexOf("```", index + 1);
    if (!(fence[2] ?? "").split(/\s+/).includes("ignore")) {
      blocks.push(lines.slice(index + 1, end).join("\n"));
    }
    index = end;
  }
  return blocks;
}

const runScript = (script: string, cwd: string, bin: string): Promise<CliResult> =>
  runProcess("sh", ["-e", "-c", script], {
    cwd,
    env: { PATH: `${bin}:${process.env.PATH ?? ""}`, HOME: cwd },
  });

describe("docs/cli.md's shell examples", () => {
  let cli: BuiltCli;
  let dir: string;
  let result: CliResult;
  const blocks = shellBlocks(readFileSync(join(ROOT, "docs", "cli.md"), "utf8"));

  beforeAll(async () => {
    cli = buildCli();
    dir = mkdtempSync(join(tmpdir(), "jwt-extended-cli-docs-"));
    // `jwt-extended` on the PATH is the built bin, as `npm install` links it.
    const binDir = join(dir, ".bin");
    const work = join(dir, "work");
    mkdirSync(binDir);
    mkdirSync(work);
    const shim = join(binDir, "jwt-extended");
    writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${cli.bin}" "$@"\n`);
    chmodSync(shim, 0o755);
    // node itself, for the examples that read JSON with `node -p`.
    const nodeShim = join(binDir, "node");
    writeFileSync(nodeShim, `#!/bin/sh\nexec "${process.execPath}" "$@"\n`);
    chmodSync(nodeShim, 0o755);
    result = await runScript(blocks.join("\n"), work, binDir);
  }, 600_000);
  afterAll(() => {
    cli?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it("are found", () => {
    expect(blocks.length).toBeGreaterThan(4);
  });

  it("run to the end without an error", () => {
    expect(result.stderr).not.toMatch(/\n\s+at /);
    // The script's stderr names the command that failed, should one.
    expect(result.status, result.stderr).toBe(0);
  });

  it("leave the files they promise, and no private key in the JWK Set", () => {
    const files = readdirSync(join(dir, "work")).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        "jwks.json",
        "previous.key",
        "previous.pub",
        "secret.txt",
        "signing.key",
        "signing.pub",
      ]),
    );
    const document = JSON.parse(readFileSync(join(dir, "work", "jwks.json"), "utf8"));
    expect(document.keys.map((key: { alg: string }) => key.alg)).toEqual(["ES256", "RS256"]);
    expect(JSON.stringify(document)).not.toMatch(/"d"/);
  });

  it("show the expired token refused with the contract's message", () => {
    expect(result.stdout).toContain("refused, exit status 1");
    expect(result.stderr).toContain("Token has expired");
    expect(result.stdout).toMatch(/^NOT VERIFIED/m);
    expect(result.stdout).toMatch(/\(expired 3 h ago\)/);
  });
});
