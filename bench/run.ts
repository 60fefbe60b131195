import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import { dirname } from "node:path";
import { buildLibrary } from "./build-library.ts";
import { benchFile, runJsonScript } from "./child-process.ts";
import { pinLoadGenerator } from "./cpu-pinning.ts";
import { createBenchToken, createBenchTokens, TOKEN_POOL } from "./fixture.ts";
import { contenders, FRAMEWORK_LABELS, type Framework } from "./http/contenders.ts";
import { measureFramework } from "./http/rounds.ts";
import { describeMachine } from "./machine.ts";
import { modeFromArgs } from "./mode.ts";
import { renderCharts } from "./report/charts.ts";
import { renderMarkdown } from "./report/markdown.ts";
import { httpRatios } from "./report/ratios.ts";
import type { BenchResults, FrameworkResult } from "./report/results.ts";
import { evaluateTargets } from "./report/targets.ts";
import type { InProcessResult } from "./suites/in-process.ts";
import type { MemoryResult } from "./suites/memory.ts";
import type { StoresResult } from "./suites/stores.ts";

// `npm run bench` (full, ~10 minutes) writes bench/results/latest.json, bench/results/stores.json,
// docs/benchmarks.md and its charts (docs/benchmarks/*.svg). `npm run bench -- --quick` (under
// 2 minutes) measures only the figures the targets need, with shorter runs, and writes them to
// node_modules/.cache/ alone, so the published figures stay those of a full run.
// `npm run bench -- --report` measures nothing: it renders docs/benchmarks.md again from
// bench/results/latest.json. `--only fastify,hono` (with `--quick`) measures over HTTP only the
// frameworks named.

const RESULTS_FILE = benchFile("results/latest.json");
const QUICK_RESULTS_FILE = benchFile("../node_modules/.cache/jwt-extended-bench-quick.json");
const MARKDOWN_FILE = benchFile("../docs/benchmarks.md");
const DOCS_DIR = benchFile("../docs/");

/** docs/benchmarks.md and its charts. */
async function writeReport(results: BenchResults): Promise<void> {
  await writeFile(MARKDOWN_FILE, renderMarkdown(results));
  for (const [file, svg] of Object.entries(renderCharts(results))) {
    await mkdir(dirname(`${DOCS_DIR}${file}`), { recursive: true });
    await writeFile(`${DOCS_DIR}${file}`, svg);
  }
}
const ALL_FRAMEWORKS: readonly Framework[] = ["express", "fastify", "hono", "nest", "koa"];
/** `--only fastify,hono`: a quick look at some frameworks; their targets alone are judged. */
const onlyIndex = process.argv.indexOf("--only");
const only = onlyIndex === -1 ? undefined : process.argv[onlyIndex + 1]?.split(",");
const FRAMEWORKS = ALL_FRAMEWORKS.filter((f) => only === undefined || only.includes(f));

if (process.argv.includes("--report")) {
  const saved = JSON.parse(await readFile(RESULTS_FILE, "utf8")) as BenchResults;
  await writeReport(saved);
  console.log("docs/benchmarks.md and its charts rendered from bench/results/latest.json");
  process.exit(0);
}

const mode = modeFromArgs(process.argv.slice(2));
const log = (line: string): void => console.log(line);
const started = Date.now();
const elapsed = (): string => `${Math.round((Date.now() - started) / 1000)} s`;

log(`jwt-extended benchmarks, ${mode.name} mode`);
const loadAtStart = os.loadavg()[0] ?? 0;
const serverCpu = pinLoadGenerator();
await buildLibrary({ noCache: mode.everyFigure });
const pools = {
  one: [await createBenchToken()],
  distinct: await createBenchTokens(TOKEN_POOL),
};

log(
  `in-process: ${mode.inProcessRounds} rounds of ${mode.inProcessMsPerRound} ms per verification`,
);
const inProcessArgs = [String(mode.inProcessRounds), String(mode.inProcessMsPerRound)];
const withCache = await runJsonScript<InProcessResult>(
  benchFile("suites/in-process.ts"),
  inProcessArgs,
);
const withoutCache = mode.everyFigure
  ? await runJsonScript<InProcessResult>(
      benchFile("suites/in-process.ts"),
      [...inProcessArgs, "no-cache"],
      [],
      { cache: false },
    )
  : undefined;
const inProcess: InProcessResult = {
  ...withCache,
  contenders: [...withCache.contenders, ...(withoutCache?.contenders ?? [])],
};
for (const c of inProcess.contenders) log(`  ${c.label.padEnd(72)} ${Math.round(c.nsPerOp)} ns/op`);

log(`memory: ${mode.memoryVerifications.toLocaleString("en-US")} verifications (${elapsed()})`);
const memory = await runJsonScript<MemoryResult>(
  benchFile("suites/memory.ts"),
  [String(mode.memoryVerifications)],
  ["--expose-gc"],
);
log(
  `  RSS ${memory.before.rssMiB} -> ${memory.after.rssMiB} MiB, heap ${memory.before.heapUsedMiB} -> ${memory.after.heapUsedMiB} MiB`,
);

// Per revocation store, against real servers: written to bench/results/stores.json, and
// quoted with its date in docs/revocation.md. No target depends on it: full runs only.
if (mode.everyFigure) {
  log(`stores: revocation check and revocations per second, per store (${elapsed()})`);
  const stores = await runJsonScript<StoresResult>(benchFile("suites/stores.ts"), ["3", "2000"]);
  for (const s of stores.stores) {
    log(
      `  ${s.label.padEnd(48)} ${s.microsPerRequest.toFixed(0)} µs/request, ${s.revocationsPerSecond?.toFixed(0) ?? "–"} revocations/s`,
    );
  }
  await mkdir(benchFile("results"), { recursive: true });
  await writeFile(benchFile("results/stores.json"), `${JSON.stringify(stores, null, 2)}\n`);
}

const http: FrameworkResult[] = [];
for (const framework of FRAMEWORKS) {
  const group = contenders({ noCache: mode.everyFigure }).filter((c) => c.framework === framework);
  log(`http: ${FRAMEWORK_LABELS[framework]}, ${group.length} contenders (${elapsed()})`);
  let figures: Awaited<ReturnType<typeof measureFramework>>;
  try {
    figures = await measureFramework(group, { mode, pools, serverCpu, log });
  } catch (error) {
    // One framework's failure (a server that does not start) leaves the others' figures.
    log(`  not measured: ${error instanceof Error ? error.message : String(error)}`);
    continue;
  }
  for (const tokens of ["distinct", "one"] as const) {
    const measured = group.flatMap((c) => {
      const figure = figures[tokens].find((f) => f.id === c.id);
      return figure === undefined ? [] : [{ ...c, figure }];
    });
    http.push({
      framework,
      label: FRAMEWORK_LABELS[framework],
      tokens,
      contenders: measured,
      ratios: httpRatios(measured),
    });
  }
}

const results: BenchResults = {
  date: new Date().toISOString(),
  mode,
  machine: describeMachine(),
  loadAverage: { start: loadAtStart, end: os.loadavg()[0] ?? 0 },
  serverCpu,
  tokenPool: TOKEN_POOL,
  inProcess,
  memory,
  http,
  targets: evaluateTargets(http, inProcess, memory),
};

// A partial run (`--only`) never replaces the published figures.
const resultsFile = mode.everyFigure && only === undefined ? RESULTS_FILE : QUICK_RESULTS_FILE;
await mkdir(dirname(resultsFile), { recursive: true });
await writeFile(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
if (resultsFile === RESULTS_FILE) {
  await writeReport(results);
  log(`done in ${elapsed()}: bench/results/latest.json, docs/benchmarks.md and its charts`);
} else {
  log(`done in ${elapsed()}: ${resultsFile} (short runs: a rough reading of the targets)`);
}
log(
  `load average (1 min): ${loadAtStart.toFixed(1)} at the start, ${results.loadAverage.end.toFixed(1)} at the end, on ${os.cpus().length} cores: other work skews the figures`,
);
log("targets:");
for (const t of results.targets) {
  log(
    `  ${t.pass === null ? "n/a " : t.pass ? "pass" : "FAIL"}  ${t.name}: ${t.value ?? "–"} (${t.target})`,
  );
}
