import { createPublicKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { optionsFromEnv } from "../config/env-options.ts";
import type { JwtOptions } from "../config/option-table.ts";
import type { Algorithm } from "../config/option-values.ts";
import { ConfigurationError } from "../errors.ts";
import { JwtManager, type JwtManagerOptions } from "../manager.ts";
import { type ParsedArguments, textFlag, UsageError } from "./usage.ts";

/**
 * The flags that configure the manager of `create` and `verify`. Keys are given as file
 * paths, never as text on the command line, where other users could read them.
 */
export const CONFIG_OPTIONS = {
  config: { type: "string", short: "c" },
  alg: { type: "string" },
  "secret-file": { type: "string" },
  "private-key": { type: "string" },
  "public-key": { type: "string" },
  kid: { type: "string" },
} as const;

export const CONFIG_HELP = `Configuration (flags win over the config file, which wins over JWT_* variables):
  -c, --config FILE        JSON file of JwtManager options ({"algorithm": "RS256", ...});
                           "secretKeyFile", "privateKeyFile" and "publicKeyFile" name key
                           files relative to it
      --alg ALG            algorithm (JWT_ALGORITHM)
      --secret-file FILE   HMAC secret, the file's text without its final newline
      --private-key FILE   PEM private key (its public key is derived when none is given)
      --public-key FILE    PEM public key
      --kid KID            kid header of new tokens, key id of the configured key
                           (JWT_ENCODE_KEY_ID)
  Environment: every JWT_* variable the server reads (JWT_SECRET_KEY, JWT_ALGORITHM,
  JWT_DECODE_AUDIENCE, JWT_JWKS_URL, ...), and JWT_SECRET_KEY_FILE,
  JWT_PRIVATE_KEY_FILE, JWT_PUBLIC_KEY_FILE for keys kept in files.`;

/** The options that hold keys, with the names their file variants go by. */
const KEY_FILES = [
  { option: "secretKey", env: "JWT_SECRET_KEY", file: "secretKeyFile", flag: "secret-file" },
  { option: "privateKey", env: "JWT_PRIVATE_KEY", file: "privateKeyFile", flag: "private-key" },
  { option: "publicKey", env: "JWT_PUBLIC_KEY", file: "publicKeyFile", flag: "public-key" },
] as const;

/** Reads a key file: its text, a secret without the newline an editor or `echo` adds. */
export function readKeyFile(path: string, what: string): string {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new UsageError(`${what}: cannot read ${path} (${reason})`);
  }
  return text.replace(/\r?\n$/, "");
}

type Options = Record<string, unknown>;

/** Options from `JWT_*` variables, with the keys of `JWT_*_FILE` variables read. */
function fromEnv(env: NodeJS.ProcessEnv): Options {
  const options: Options = { ...optionsFromEnv(env) };
  for (const key of KEY_FILES) {
    const path = env[`${key.env}_FILE`];
    if (path === undefined || path === "") continue;
    if (env[key.env] !== undefined) {
      throw new UsageError(`give ${key.env} or ${key.env}_FILE, not both`);
    }
    options[key.option] = readKeyFile(path, `${key.env}_FILE`);
  }
  return options;
}

/** Options from a JSON config file, with its `*File` keys read relative to it. */
function fromFile(path: string): Options {
  const text = readKeyFile(path, "--config");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`--config: ${path} is not JSON`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new UsageError(`--config: ${path} must hold a JSON object of options`);
  }
  const options: Options = { ...(parsed as Options) };
  for (const key of KEY_FILES) {
    const file = options[key.file];
    if (file === undefined) continue;
    delete options[key.file];
    if (typeof file !== "string") throw new UsageError(`--config: ${key.file} must be a path`);
    if (options[key.option] !== undefined) {
      throw new UsageError(`--config: give ${key.option} or ${key.file}, not both`);
    }
    options[key.option] = readKeyFile(resolve(dirname(path), file), `--config ${key.file}`);
  }
  return options;
}

/** Options from the command's flags. */
function fromFlags(args: ParsedArguments): Options {
  const options: Options = {};
  const alg = textFlag(args, "alg");
  if (alg !== undefined) options.algorithm = alg;
  const kid = textFlag(args, "kid");
  if (kid !== undefined) options.encodeKeyId = kid;
  for (const key of KEY_FILES) {
    const path = textFlag(args, key.flag);
    if (path !== undefined) options[key.option] = readKeyFile(path, `--${key.flag}`);
  }
  return options;
}

/** A configuration mistake, told as misuse: the library's message names the option. */
export function asUsageError(error: unknown): never {
  if (error instanceof ConfigurationError) throw new UsageError(error.message);
  throw error;
}

/**
 * The options the command runs with: flags over the config file over `JWT_*` variables.
 * A private key without a public key gives its public key, so that one file serves.
 */
export function loadOptions(
  args: ParsedArguments,
  env: NodeJS.ProcessEnv = process.env,
): JwtOptions {
  const config = textFlag(args, "config");
  const options: Options = {
    ...fromEnv(env),
    ...(config === undefined ? {} : fromFile(config)),
    ...fromFlags(args),
  };
  const privateKey = options.privateKey;
  const isHmac = String(options.algorithm ?? "HS256").startsWith("HS");
  if (!isHmac && options.publicKey === undefined && typeof privateKey === "string") {
    try {
      options.publicKey = createPublicKey(privateKey).export({ format: "pem", type: "spki" });
    } catch {
      // Left to the manager, whose message names privateKey.
    }
  }
  return options as JwtOptions;
}

/**
 * The manager the server would build from these options. `verify` needs no private key:
 * a stand-in encode-key loader lets a manager be built from a public key (or a JWK Set
 * URL) alone; it is never called, since `verify` creates no token.
 */
export function buildManager(options: JwtOptions, use: "create" | "verify"): JwtManager {
  const manager: JwtManagerOptions<string, unknown> = { ...options };
  const algorithm = (options.algorithm ?? "HS256") as Algorithm;
  if (use === "verify" && !algorithm.startsWith("HS") && options.privateKey === undefined) {
    manager.loaders = {
      encodeKey: () => {
        throw new ConfigurationError("privateKey: verify creates no token");
      },
    };
  }
  try {
    return new JwtManager(manager);
  } catch (error) {
    return asUsageError(error);
  }
}
