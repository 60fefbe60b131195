import { isJwtExtendedError } from "../errors.ts";
import { buildManager, CONFIG_HELP, CONFIG_OPTIONS, loadOptions } from "./configuration.ts";
import { booleanFlag, type Command, printJson, textFlag, tokenArgument } from "./usage.ts";

const HELP = `Usage: jwt-extended verify TOKEN [options]

Verifies a token as the server's JwtManager does (signature with an allowed algorithm and
key, exp and nbf with the configured leeway, aud and iss when configured, the token's
form and size). Exit status 0: it is valid, and its claims are printed. Exit status 1: it
is not, and the library's message is printed on stderr ("Token has expired", "Signature
verification failed", ...).

Arguments:
  TOKEN                  the token; - reads it from stdin

Options:
      --allow-expired    accept an expired token (its signature is still verified)
      --csrf VALUE       also compare VALUE with the token's csrf claim
      --json             print {"valid": true, "header", "claims"}, or on failure
                         {"valid": false, "code", "message"} (exit status 1)
  -h, --help             this help

${CONFIG_HELP}

Examples:
  JWT_SECRET_KEY_FILE=secret.txt jwt-extended verify "$TOKEN"
  JWT_JWKS_URL=https://auth.example.com/.well-known/jwks.json JWT_ALGORITHM=RS256 \\
    jwt-extended verify "$TOKEN"`;

export const verify: Command = {
  name: "verify",
  summary: "verify a token; exit status 0 when valid, 1 with the reason when not",
  help: HELP,
  options: { ...CONFIG_OPTIONS, "allow-expired": { type: "boolean" }, csrf: { type: "string" } },
  async run(args) {
    const token = await tokenArgument(args);
    const manager = buildManager(loadOptions(args), "verify");
    const json = booleanFlag(args, "json");
    const csrfValue = textFlag(args, "csrf");
    try {
      const claims = await manager.decodeToken(token, {
        allowExpired: booleanFlag(args, "allow-expired"),
        ...(csrfValue === undefined ? {} : { csrfValue }),
      });
      if (json) printJson({ valid: true, header: manager.getUnverifiedJwtHeaders(token), claims });
      else printJson(claims);
      return 0;
    } catch (error) {
      if (!isJwtExtendedError(error)) throw error;
      if (json) printJson({ valid: false, code: error.code, message: error.message });
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
  },
};
