import { isJwtExtendedError } from "../errors.ts";
import { readCompactJws } from "../token/compact-form.ts";
import { timeLines } from "./times.ts";
import { booleanFlag, type Command, printJson, tokenArgument } from "./usage.ts";

const HELP = `Usage: jwt-extended decode TOKEN [--json]

Shows a token's header and claims WITHOUT VERIFYING anything: neither the signature nor
the expiry nor any claim is checked, and no key is needed. The times (iat, nbf, exp, and
a NumericDate fresh) are shown as ISO dates and relative to now. Use verify to check a
token.

Arguments:
  TOKEN       the token; - reads it from stdin

Options:
      --json  print {"verified": false, "header", "claims", "times"}
  -h, --help  this help

Example:
  jwt-extended decode eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...`;

export const NOT_VERIFIED =
  "NOT VERIFIED: decoded without checking the signature, the expiry or any claim";

export const decode: Command = {
  name: "decode",
  summary: "show a token's header and claims, NOT VERIFIED",
  help: HELP,
  options: {},
  async run(args) {
    const token = await tokenArgument(args);
    let header: Record<string, unknown>;
    let claims: Record<string, unknown>;
    try {
      ({ header, payload: claims } = readCompactJws(token));
    } catch (error) {
      if (!isJwtExtendedError(error)) throw error;
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    const times = timeLines(claims);
    if (booleanFlag(args, "json")) {
      process.stderr.write(`${NOT_VERIFIED}\n`);
      printJson({ verified: false, header, claims, times });
      return 0;
    }
    const width = Math.max(0, ...times.map((line) => line.claim.length));
    const lines = [
      NOT_VERIFIED,
      "",
      "Header:",
      JSON.stringify(header, null, 2),
      "",
      "Claims:",
      JSON.stringify(claims, null, 2),
      ...(times.length === 0 ? [] : ["", "Times:"]),
      ...times.map((line) => `  ${line.claim.padEnd(width)}  ${line.date}  (${line.relative})`),
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
    return 0;
  },
};
