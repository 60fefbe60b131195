/**
 * The public API report: one file per entry point of package.json's `exports`, written by
 * API Extractor from the built declarations in dist/ into api/.
 *
 *   tsx scripts/api-report.ts --local   writes api/*.api.md from dist/ (npm run api:report)
 *   tsx scripts/api-report.ts           fails when dist/ differs from api/ (npm run api:check)
 *
 * Messages that are not about the API itself (release tags, TSDoc style) are off, so the check
 * fails only when the API changed or a public signature names a type users cannot import.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  Extractor,
  ExtractorConfig,
  ExtractorLogLevel,
  type ExtractorMessage,
  type IConfigFile,
} from "@microsoft/api-extractor";
import ts from "typescript";

const root = fileURLToPath(new URL("..", import.meta.url));
const packageJsonPath = join(root, "package.json");
const reportFolder = join(root, "api");
const local = process.argv.includes("--local");

// How a user's compiler sees the declarations: the package's own tsconfig maps its name
// onto src/, which is not what users get.
const compilerOptions = {
  target: "ES2022",
  module: "NodeNext",
  moduleResolution: "NodeNext",
  lib: ["ES2022", "DOM", "DOM.Iterable"],
  strict: true,
  skipLibCheck: true,
  types: ["node"],
};

interface ExportTarget {
  import?: { types?: string };
}

/** Each public subpath and the ES module declaration file it resolves to. */
function entryPoints(): { subpath: string; types: string }[] {
  const pkg: { exports: Record<string, ExportTarget | string> } = JSON.parse(
    readFileSync(packageJsonPath, "utf8"),
  );
  return Object.entries(pkg.exports).flatMap(([subpath, target]) => {
    const types = typeof target === "string" ? undefined : target.import?.types;
    return types ? [{ subpath, types: join(root, types) }] : [];
  });
}

/** "." becomes jwt-extended, "./express" becomes jwt-extended-express. */
const reportName = (subpath: string): string =>
  subpath === "." ? "jwt-extended" : `jwt-extended-${subpath.slice(2).replaceAll("/", "-")}`;

function configFor(subpath: string, entry: string, tempFolder: string): IConfigFile {
  // The root's signatures name a few types that are derived from internal tables (the
  // options, the loaders, the error codes): the root's report shows them, marked, so that a
  // change to them is reviewed. A subpath's signatures may only name exported types.
  const isRoot = subpath === ".";
  return {
    projectFolder: root,
    mainEntryPointFilePath: entry,
    compiler: { overrideTsconfig: { compilerOptions, files: [entry] } },
    apiReport: {
      enabled: true,
      reportFileName: reportName(subpath),
      reportFolder,
      reportTempFolder: tempFolder,
      includeForgottenExports: isRoot,
    },
    docModel: { enabled: false },
    dtsRollup: { enabled: false },
    tsdocMetadata: { enabled: false },
    newlineKind: "lf",
    messages: {
      compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Error } },
      extractorMessageReporting: {
        default: { logLevel: ExtractorLogLevel.Warning },
        "ae-forgotten-export": isRoot
          ? { logLevel: ExtractorLogLevel.Warning, addToApiReportFile: true }
          : { logLevel: ExtractorLogLevel.Error, addToApiReportFile: false },
        // The package has no release stages, and documents in JSDoc rather than strict TSDoc.
        "ae-missing-release-tag": { logLevel: ExtractorLogLevel.None },
        "ae-undocumented": { logLevel: ExtractorLogLevel.None },
        "ae-unresolved-link": { logLevel: ExtractorLogLevel.None },
      },
      tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
    },
  };
}

/** The names a declaration file exports. */
function exportedNames(entry: string): Set<string> {
  const { options } = ts.convertCompilerOptionsFromJson(compilerOptions, root);
  const program = ts.createProgram([entry], options);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  const module = source && checker.getSymbolAtLocation(source);
  return new Set(module ? checker.getExportsOfModule(module).map((symbol) => symbol.name) : []);
}

/** The X of `The symbol "X" needs to be exported by the entry point ...`. */
const forgottenName = (message: ExtractorMessage): string | undefined =>
  /^The symbol "([^"]+)"/.exec(message.text)?.[1];

const entries = entryPoints();
const rootEntry = entries.find(({ subpath }) => subpath === ".");
// A subpath's signatures may name types of the root entry: users import those from
// "jwt-extended". API Extractor looks at one entry point at a time, so it is told here.
const rootExports = rootEntry ? exportedNames(rootEntry.types) : new Set<string>();
const problems: string[] = [];

mkdirSync(reportFolder, { recursive: true });
const tempFolder = mkdtempSync(join(tmpdir(), "jwt-extended-api-"));
try {
  for (const { subpath, types } of entries) {
    const name = reportName(subpath);
    const result = Extractor.invoke(
      ExtractorConfig.prepare({
        configObject: configFor(subpath, types, tempFolder),
        configObjectFullPath: undefined,
        packageJsonFullPath: packageJsonPath,
      }),
      {
        localBuild: local,
        printApiReportDiff: !local,
        messageCallback: (message) => {
          if (message.messageId === "console-preamble") {
            message.logLevel = ExtractorLogLevel.None;
          }
          const forgotten =
            message.messageId === "ae-forgotten-export" ? forgottenName(message) : undefined;
          if (subpath !== "." && forgotten !== undefined && rootExports.has(forgotten)) {
            message.logLevel = ExtractorLogLevel.None;
          }
        },
      },
    );
    if (!result.succeeded) problems.push(`api/${name}.api.md (${subpath})`);
  }
} finally {
  rmSync(tempFolder, { recursive: true, force: true });
}

// A report whose subpath is gone from package.json.
const expected = new Set(entries.map(({ subpath }) => `${reportName(subpath)}.api.md`));
for (const file of readdirSync(reportFolder)) {
  if (file.endsWith(".api.md") && !expected.has(file)) {
    if (local) rmSync(join(reportFolder, file));
    else problems.push(`api/${file} (no such entry point)`);
  }
}

if (problems.length > 0) {
  console.error(`Public API: ${problems.join(", ")}: see the messages above.`);
  if (!local) {
    console.error("If the change is intended, run `npm run api:report`, review and commit api/.");
  }
  process.exitCode = 1;
}
