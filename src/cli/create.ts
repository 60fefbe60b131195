import type { Duration } from "../config/durations.ts";
import {
  asUsageError,
  buildManager,
  CONFIG_HELP,
  CONFIG_OPTIONS,
  loadOptions,
} from "./configuration.ts";
import {
  booleanFlag,
  type Command,
  jsonObjectFlag,
  printJson,
  requiredFlag,
  textFlag,
  UsageError,
} from "./usage.ts";

const HELP = `Usage: jwt-extended create --identity ID [options]

Creates a token with the configured key, exactly as the server's JwtManager would, and
prints it (alone, on stdout).

Options:
      --identity ID        the identity claim's value (required)
      --refresh            a refresh token instead of an access token
      --fresh              a fresh access token
      --expires DURATION   lifetime instead of the configured one: seconds or "15m",
                           "12h", "30d"; "never" for no exp claim
      --claims JSON        additional claims, a JSON object; they win over the standard ones
      --json               print {"token", "header", "claims"}
  -h, --help               this help

${CONFIG_HELP}

Examples:
  JWT_SECRET_KEY_FILE=secret.txt jwt-extended create --identity alice
  jwt-extended create --alg ES256 --private-key signing.key --identity alice --expires 5m`;

/** `--expires`: a duration, or `never` (no `exp` claim). */
function expiresFlag(value: string | undefined): Duration | false | undefined {
  if (value === undefined) return undefined;
  return value === "never" || value === "false" ? false : value;
}

export const create: Command = {
  name: "create",
  summary: "create an access or refresh token, as the server would",
  help: HELP,
  options: {
    ...CONFIG_OPTIONS,
    identity: { type: "string" },
    refresh: { type: "boolean" },
    fresh: { type: "boolean" },
    expires: { type: "string" },
    claims: { type: "string" },
  },
  async run(args) {
    if (args.positionals.length > 0) {
      // Not quoted: a misplaced argument may be a secret.
      throw new UsageError("unexpected argument: create takes flags only");
    }
    const identity = requiredFlag(args, "identity");
    const refresh = booleanFlag(args, "refresh");
    if (refresh && booleanFlag(args, "fresh")) {
      throw new UsageError("--fresh: refresh tokens are never fresh");
    }
    const claims = textFlag(args, "claims");
    const expiresDelta = expiresFlag(textFlag(args, "expires"));
    const manager = buildManager(loadOptions(args), "create");
    const options = {
      ...(claims === undefined ? {} : { additionalClaims: jsonObjectFlag(claims, "claims") }),
      ...(expiresDelta === undefined ? {} : { expiresDelta }),
    };
    let token: string;
    try {
      token = refresh
        ? await manager.createRefreshToken(identity, options)
        : await manager.createAccessToken(identity, {
            ...options,
            fresh: booleanFlag(args, "fresh"),
          });
    } catch (error) {
      // A bad --expires is reported by the library as expiresDelta.
      return asUsageError(error);
    }
    if (booleanFlag(args, "json")) {
      const [header, payload] = token
        .split(".")
        .slice(0, 2)
        .map((part) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")));
      printJson({ token, header, claims: payload });
    } else {
      process.stdout.write(`${token}\n`);
    }
    return 0;
  },
};
