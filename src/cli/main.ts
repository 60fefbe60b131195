#!/usr/bin/env node
import packageJson from "../../package.json" with { type: "json" };
import { create } from "./create.ts";
import { decode } from "./decode.ts";
import { jwks } from "./jwks.ts";
import { keygen } from "./keygen.ts";
import { type Command, parseCommandArguments, UsageError } from "./usage.ts";
import { verify } from "./verify.ts";

/**
 * The `jwt-extended` program: creating, decoding and verifying tokens and generating keys
 * from the command line, with the library's own code and the server's configuration.
 * Exit status: 0 done, 1 a token that does not verify or an unexpected failure, 2 misuse.
 */

const COMMANDS: readonly Command[] = [keygen, create, decode, verify, jwks];

const HELP = `Usage: jwt-extended <command> [options]

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(8)}${command.summary}`).join("\n")}

Options:
  -h, --help     this help; jwt-extended <command> --help for a command's
  -v, --version  the version

Results that scripts read (tokens, secrets, JSON) go to stdout alone; messages go to
stderr. --json makes a command's result one JSON document. Exit status: 0 done,
1 the token does not verify (or an unexpected failure), 2 wrong usage or configuration.`;

const print = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

/** Runs the program on its arguments; resolves to the exit status. */
async function main(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  const debug = argv.includes("--debug");
  let command: Command | undefined;
  try {
    if (first === undefined || first === "--help" || first === "-h" || first === "help") {
      print(HELP);
      return first === undefined ? 2 : 0;
    }
    if (first === "--version" || first === "-v") {
      print(packageJson.version);
      return 0;
    }
    command = COMMANDS.find((candidate) => candidate.name === first);
    if (command === undefined) {
      throw new UsageError(`unknown command ${JSON.stringify(first)}`);
    }
    const args = parseCommandArguments(command, rest);
    if (args.values.help === true) {
      print(command.help);
      return 0;
    }
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      const where = command === undefined ? "" : ` ${command.name}`;
      process.stderr.write(`jwt-extended${where}: ${error.message}\n`);
      process.stderr.write(`Try 'jwt-extended${where} --help'.\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`jwt-extended: ${message}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return 1;
  }
}

// The library reports weak configurations (a short secret) as process warnings: shown as
// one line, without node's "(node:PID)" prefix.
process.removeAllListeners("warning");
process.on("warning", (warning) => {
  process.stderr.write(`jwt-extended: warning: ${warning.message}\n`);
});

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`jwt-extended: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
