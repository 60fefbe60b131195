/**
 * The option table is the one declaration of every option: its JSDoc (the editor's and the
 * README's documentation) must name the default the table applies, the README's table must
 * be the one generated from it, and each option's `JWT_*` name must read back into it.
 */
import { readFileSync } from "node:fs";
import { JwtManager } from "jwt-extended";
import { describe, expect, it } from "vitest";
import { readOptionDocs } from "../../scripts/option-docs.ts";
import { README, withOptionsTable } from "../../scripts/options-readme.ts";
import { toEnvName } from "../../src/config/env-options.ts";
import { OPTION_NAMES, OPTIONS_BY_NAME } from "../../src/config/option-table.ts";

const secretKey = "a-secret-of-at-least-thirty-two-bytes!!";

const parsedOrText = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

describe("the option table", () => {
  const docs = readOptionDocs();

  it("documents every option, in the table's order", () => {
    expect(docs.map((doc) => doc.name)).toEqual(OPTION_NAMES);
    for (const doc of docs) expect(doc.summary, doc.name).not.toBe("");
  });

  it.each(OPTION_NAMES)("documents the default that %s takes", (name) => {
    const doc = docs.find((entry) => entry.name === name);
    expect(doc?.defaultText, name).toBeDefined();
    const written = parsedOrText(doc?.defaultText ?? "");
    const applied = OPTIONS_BY_NAME[name].default;
    // A default written as a value is the table's; words ("none") only for an option without one.
    expect(written === doc?.defaultText ? undefined : written).toEqual(applied);
  });

  it("is what the README's configuration table shows, option by option", () => {
    const readme = readFileSync(README, "utf8");
    expect(readme, "run npm run docs:options").toBe(withOptionsTable(readme));
    for (const name of OPTION_NAMES) expect(readme).toContain(`| \`${toEnvName(name)}\` |`);
  });

  it("builds from a JWT_* environment holding every default the same options as from none", () => {
    const env: Record<string, string> = { JWT_SECRET_KEY: secretKey };
    for (const name of OPTION_NAMES) {
      const { default: value, kind } = OPTIONS_BY_NAME[name];
      if (value === undefined) continue;
      env[toEnvName(name)] =
        typeof value === "string" && kind.env !== "json" ? value : JSON.stringify(value);
    }
    expect(Object.keys(env)).toHaveLength(OPTION_NAMES.length - 2);
    expect(JwtManager.fromEnv(env).options).toEqual(new JwtManager({ secretKey }).options);
  });
});
