import { type ParseArgsConfig, parseArgs } from "node:util";

/**
 * A mistake in how the command was called (an unknown flag, a missing argument, a bad
 * value, a configuration that cannot work): exit status 2, one line and a hint, no stack.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The flags every command takes. */
export const COMMON_OPTIONS = {
  help: { type: "boolean", short: "h" },
  json: { type: "boolean" },
  debug: { type: "boolean" },
} as const satisfies NonNullable<ParseArgsConfig["options"]>;

type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;

/** What a command reads from its arguments: flag values by name, and the positionals. */
export interface ParsedArguments {
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  readonly positionals: readonly string[];
}

/** One command of the `jwt-extended` program. */
export interface Command {
  readonly name: string;
  /** One line for `jwt-extended --help`. */
  readonly summary: string;
  /** The text `jwt-extended <name> --help` prints. */
  readonly help: string;
  /** Its own flags; {@link COMMON_OPTIONS} are added. */
  readonly options: OptionsConfig;
  /** Runs the command; resolves to the exit status. Throws {@link UsageError} for misuse. */
  run(args: ParsedArguments): Promise<number>;
}

/** The first sentence of node's parseArgs message, which goes on to explain `--`. */
const firstSentence = (message: string): string =>
  message.split(/\.\s/)[0]?.replace(/\.$/, "") ?? message;

/** Parses `argv` with the command's flags and the common ones, strictly. */
export function parseCommandArguments(command: Command, argv: readonly string[]): ParsedArguments {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { ...COMMON_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
    return { values, positionals };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) {
      throw new UsageError(firstSentence((error as Error).message));
    }
    throw error;
  }
}

/** A flag's text value; `undefined` when not given. */
export const textFlag = (args: ParsedArguments, name: string): string | undefined => {
  const value = args.values[name];
  return typeof value === "string" ? value : undefined;
};

/** A boolean flag: `true` when given. */
export const booleanFlag = (args: ParsedArguments, name: string): boolean =>
  args.values[name] === true;

/** A flag's value that must be given. */
export function requiredFlag(args: ParsedArguments, name: string): string {
  const value = textFlag(args, name);
  if (value === undefined || value.length === 0) throw new UsageError(`missing --${name}`);
  return value;
}

/** Parses a JSON object given on the command line, naming the flag when it is not one. */
export function jsonObjectFlag(text: string, name: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`--${name}: expected a JSON object, got text that is not JSON`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const got = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
    throw new UsageError(`--${name}: expected a JSON object, got ${got}`);
  }
  return value as Record<string, unknown>;
}

/** Writes a result to stdout, as pretty JSON with a final newline. */
export const printJson = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};

/** Reads all of stdin as text. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The one TOKEN argument of `decode` and `verify`; `-` reads it from stdin, so that
 * `create … | verify -` works and tokens stay out of the shell's history.
 */
export async function tokenArgument(args: ParsedArguments): Promise<string> {
  if (args.positionals.length === 0) throw new UsageError("missing TOKEN");
  if (args.positionals.length > 1)
    throw new UsageError("expected one TOKEN, got several arguments");
  const given = args.positionals[0] as string;
  const token = (given === "-" ? await readStdin() : given).trim();
  if (token.length === 0) throw new UsageError("TOKEN is empty");
  return token;
}
