import { ratio } from "../stats.ts";
import type { BenchResults, FrameworkResult, TargetResult } from "./results.ts";

const row = (cells: readonly (string | number)[]): string => `| ${cells.join(" | ")} |`;
const table = (head: readonly string[], rows: readonly (readonly (string | number)[])[]): string =>
  [row(head), row(head.map(() => "---")), ...rows.map(row)].join("\n");
const thousands = (value: number): string => Math.round(value).toLocaleString("en-US");
const fixed = (value: number | null, digits = 2): string =>
  value === null ? "–" : value.toFixed(digits);

const verdict = (target: TargetResult): string =>
  target.pass === null ? "not measured" : target.pass ? "**pass**" : "**FAIL**";

function targetsSection(targets: readonly TargetResult[]): string {
  return table(
    ["target", "required", "measured", "result"],
    targets.map((t) => [
      t.name,
      t.target,
      t.note === undefined ? fixed(t.value) : `${fixed(t.value)} (${t.note})`,
      verdict(t),
    ]),
  );
}

function ratioSection(frameworks: readonly FrameworkResult[]): string {
  const label = (framework: FrameworkResult, id: string): string =>
    framework.contenders.find((c) => c.id === id)?.label ?? id;
  const rows = frameworks.flatMap((framework) =>
    framework.ratios.map((r) => [
      framework.label,
      label(framework, r.ours),
      label(framework, r.other),
      r.value.toFixed(2),
    ]),
  );
  return rows.length === 0
    ? "No framework has our adapter yet."
    : table(["framework", "ours", "against", "ours / other (req/s)"], rows);
}

function httpSection(framework: FrameworkResult): string {
  const noAuth = framework.contenders.find((c) => c.role === "no-auth");
  const rows = framework.contenders.map(({ label, carrier, figure }) => [
    label,
    carrier ?? "–",
    thousands(figure.requestsPerSecond),
    noAuth === undefined
      ? "–"
      : ratio(figure.requestsPerSecond, noAuth.figure.requestsPerSecond).toFixed(2),
    figure.serverCpuMicrosPerRequest.toFixed(1),
    fixed(figure.latencyP50Ms, 0),
    fixed(figure.latencyP99Ms, 0),
    figure.rounds.map((r) => thousands(r.requestsPerSecond)).join(", "),
  ]);
  const head = ["contender", "token in", "req/s (median)", "/ no auth", "server CPU µs/req"];
  return [
    `### ${framework.label}`,
    "",
    table([...head, "p50 ms", "p99 ms", "each round, req/s"], rows),
  ].join("\n");
}

function inProcessSection(results: BenchResults): string {
  const figures = results.inProcess.contenders;
  const ns = (id: string): number => figures.find((c) => c.id === id)?.nsPerOp ?? Number.NaN;
  const rows = figures.map((c) => [
    c.label,
    thousands(c.nsPerOp),
    thousands(c.nsPerOpMean),
    ratio(c.nsPerOp, ns("engine")).toFixed(2),
    ratio(c.nsPerOp, ns("floor")).toFixed(2),
  ]);
  return table(["verification", "ns/op (median)", "ns/op (mean)", "/ engine", "/ floor"], rows);
}

function memorySection(results: BenchResults): string {
  const { memory } = results;
  return [
    table(
      ["", "RSS, MiB", "heap used after GC, MiB"],
      [
        ["before", memory.before.rssMiB.toFixed(1), memory.before.heapUsedMiB.toFixed(2)],
        [
          `after ${thousands(memory.verifications)} verifications`,
          memory.after.rssMiB.toFixed(1),
          memory.after.heapUsedMiB.toFixed(2),
        ],
      ],
    ),
    "",
    `RSS after each tenth of the run, MiB: ${memory.rssTrendMiB.map((v) => v.toFixed(1)).join(", ")}.`,
  ].join("\n");
}

function methodSection(results: BenchResults): string {
  const { mode } = results;
  const pinning =
    results.serverCpu === null
      ? "Servers and load generator are left to the scheduler (`taskset` not found)."
      : `Each server is pinned to core ${results.serverCpu} with \`taskset\`; the load generator runs on the other core.`;
  return [
    '- **The request.** Every contender serves `POST /protected` and answers `{"identity": "example_user"}`.',
    "  One HS256 token made by this library is sent to all of them: in `Authorization: Bearer` (the header way), or",
    "  as the `access_token_cookie` cookie plus the `X-CSRF-TOKEN` header (the cookie way; POST is a CSRF-checked",
    "  method, so the double-submit check runs). Before timing, each server must answer it with 200 and refuse a",
    "  request without a token with 401.",
    `- **HTTP.** Each server runs in its own Node.js process on 127.0.0.1; autocannon (${mode.httpConnections}`,
    `  connections, no pipelining) runs in the runner's process. ${pinning} Per framework, all servers start,`,
    `  each is warmed up for ${mode.httpWarmupSeconds} s, then ${mode.httpRounds} rounds run every contender`,
    `  for ${mode.httpSeconds} s in turn (A B C, A B C, …). Figures are medians over the rounds; a run with a`,
    "  failed request voids the benchmark. Each server also reports the CPU time it used per request",
    "  (user + system, from `process.cpuUsage()`), which other work on the machine hardly moves.",
    `- **In-process.** mitata in a process of its own; the ${results.inProcess.contenders.length} verifications alternate over ${results.inProcess.rounds}`,
    `  rounds of ${results.inProcess.msPerRound} ms each; the median of the rounds' medians. "Engine" is`,
    '  `fast-jwt`\'s `createVerifier({ key })` on the same token; "floor" is one HMAC-SHA256 with `node:crypto`',
    "  plus the two base64url decodes and `JSON.parse`s. Ours is `createRequestView` + `JwtManager.verifyRequest`",
    "  with a route compiled once, as an adapter calls them.",
    `- **Memory.** ${thousands(results.memory.verifications)} header-way verifications in one process after a`,
    "  100,000-verification warm-up; resident set size and heap in use read after a full garbage collection.",
    "- **Our library** is measured as it ships: built with the project's tsup configuration (ESM), not",
    "  transpiled on the fly. The peers are the versions in `package-lock.json`. Our manager remembers the",
    "  tokens it verified lately (`src/token/verified-tokens.ts`), so a token sent again skips the strict read and",
    "  the signature check (everything else runs every time); the same token on every request measures that",
    '  path, and the in-process row "a token not seen lately" cycles through 4,096 tokens to measure the other.',
  ].join("\n");
}

/** docs/benchmarks.md, regenerated in full by `npm run bench`. */
export function renderMarkdown(results: BenchResults): string {
  const { machine } = results;
  return [
    "# Benchmarks",
    "",
    "<!-- Generated by `npm run bench` from bench/results/latest.json; edits are overwritten. -->",
    "",
    `Run on ${results.date} in ${results.mode.name} mode (\`npm run bench${results.mode.name === "quick" ? " -- --quick" : ""}\`).`,
    "",
    table(
      ["machine", ""],
      [
        ["CPU", `${machine.cpu} × ${machine.cores}`],
        ["memory", `${machine.memoryGiB} GiB`],
        ["OS", machine.os],
        ["Node.js", `${machine.node} (V8 ${machine.v8})`],
        [
          "load average (1 min) at start / end",
          `${results.loadAverage.start.toFixed(2)} / ${results.loadAverage.end.toFixed(2)}`,
        ],
      ],
    ),
    "",
    "## Targets",
    "",
    targetsSection(results.targets),
    "",
    "## Ratios: ours / other, requests per second",
    "",
    ratioSection(results.http),
    "",
    "## HTTP throughput",
    "",
    results.http.map(httpSection).join("\n\n"),
    "",
    "## In-process cost of verifying one request",
    "",
    inProcessSection(results),
    "",
    "## Memory",
    "",
    memorySection(results),
    "",
    "## Method",
    "",
    methodSection(results),
    "",
  ].join("\n");
}
