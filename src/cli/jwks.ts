import { ALGORITHMS } from "../config/option-values.ts";
import { readKeyFile } from "./configuration.ts";
import {
  defaultAlgorithm,
  jwkSetOf,
  type PublishedKey,
  publicKeyOf,
  thumbprint,
} from "./public-jwk.ts";
import { type Command, printJson, textFlag, UsageError } from "./usage.ts";

const HELP = `Usage: jwt-extended jwks PEM... [--alg ALG]

Prints the JWK Set document (RFC 7517 §5) a server publishes at /.well-known/jwks.json
for the given PEM files, public or private: only public parts are printed, each key with
its alg, use "sig", and its RFC 7638 thumbprint as kid (what keygen prints, and what
JWT_ENCODE_KEY_ID should name).

Arguments:
  PEM...           PEM files of public or private keys

Options:
      --alg ALG    the algorithm of every key (default: RS256 for RSA keys, ES256,
                   ES384 or ES512 by an EC key's curve, EdDSA for Ed25519 and Ed448)
  -h, --help       this help

Example:
  jwt-extended jwks signing.pub previous.pub > jwks.json`;

export const jwks: Command = {
  name: "jwks",
  summary: "print the JWK Set document of PEM key files",
  help: HELP,
  options: { alg: { type: "string" } },
  async run(args) {
    if (args.positionals.length === 0) throw new UsageError("missing PEM file");
    const alg = textFlag(args, "alg");
    const named = alg === undefined ? undefined : ALGORITHMS.find((name) => name === alg);
    if (alg !== undefined && (named === undefined || named.startsWith("HS"))) {
      throw new UsageError(`--alg: expected an asymmetric algorithm, got ${JSON.stringify(alg)}`);
    }
    const keys: PublishedKey[] = args.positionals.map((path) => {
      const publicKey = publicKeyOf(readKeyFile(path, "PEM"), path);
      return {
        publicKey,
        algorithm: named ?? defaultAlgorithm(publicKey),
        kid: thumbprint(publicKey),
      };
    });
    // A private key and its public key (or one file given twice) are one key.
    const distinct = keys.filter(
      (key, index) => keys.findIndex((other) => other.kid === key.kid) === index,
    );
    printJson(jwkSetOf(distinct));
    return 0;
  },
};
