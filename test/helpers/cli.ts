/**
 * Running the built `jwt-extended` bin (dist/cli/main.js) as a user would: `node` on the
 * file package.json's `bin` names, in a child process, with only the environment given.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DIST_LOCK, ensureBuilt, ROOT } from "./built-package.ts";

export { ROOT };

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr || result.error}`);
  }
}

/** A private copy of the built package, which later builds of dist/ cannot change under a test. */
export interface BuiltCli {
  /** The bin's path in the copy. */
  readonly bin: string;
  remove(): void;
}

/**
 * Builds the package when dist/ is older than the sources (under the build lock), then
 * copies dist/ into a temporary directory whose node_modules is the repository's, so that
 * the copy resolves the package's dependencies as an installed package would.
 */
export function buildCli(): BuiltCli {
  ensureBuilt();
  const copy = mkdtempSync(join(tmpdir(), "jwt-extended-cli-"));
  // A shared lock: no build deletes dist/ while it is copied.
  run("flock", ["-s", DIST_LOCK, "cp", "-R", join(ROOT, "dist"), join(copy, "dist")]);
  writeFileSync(join(copy, "package.json"), JSON.stringify({ type: "module" }));
  symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"));
  return {
    bin: join(copy, "dist", "cli", "main.js"),
    remove: () => rmSync(copy, { recursive: true, force: true }),
  };
}

/** What one run of the bin did. */
export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRunOptions {
  /** The child's whole environment besides PATH: no JWT_* variable leaks in from outside. */
  env?: Record<string, string>;
  /** Written to the child's stdin, which is then closed. */
  input?: string;
  cwd?: string;
}

/**
 * Runs `node <bin> ...args` without blocking, so that servers in the test's own process
 * (the demo, a JWK Set) can answer the child.
 */
export function runCli(
  cli: BuiltCli,
  args: readonly string[],
  options: CliRunOptions = {},
): Promise<CliResult> {
  return runProcess(process.execPath, [cli.bin, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? "", ...options.env },
    input: options.input,
  });
}

/** Runs a program to its end, collecting what it wrote; stdin gets `input` and is closed. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string>; input?: string },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}
