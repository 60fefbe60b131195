import { ratio } from "../stats.ts";
import { CHART_FILES } from "./charts.ts";
import { authCpu } from "./ratios.ts";
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
      framework.tokens === "one" ? "one" : "distinct",
      label(framework, r.ours),
      label(framework, r.other),
      r.value.toFixed(2),
    ]),
  );
  return rows.length === 0
    ? "No framework has our adapter yet."
    : table(["framework", "tokens", "ours", "against", "ours / other (req/s)"], rows);
}

function httpSection(framework: FrameworkResult): string {
  const noAuth = framework.contenders.find((c) => c.role === "no-auth");
  const rate = framework.contenders[0]?.figure.paced?.requestsPerSecond;
  const rows = framework.contenders.map((c) => {
    const { label, carrier, figure } = c;
    const auth = authCpu(c, framework.contenders);
    return [
      label,
      carrier ?? "–",
      thousands(figure.requestsPerSecond),
      noAuth === undefined
        ? "–"
        : ratio(figure.requestsPerSecond, noAuth.figure.requestsPerSecond).toFixed(2),
      figure.serverCpuMicrosPerRequest.toFixed(1),
      fixed(figure.paced?.serverCpuMicrosPerRequest ?? null, 1),
      c.role === "no-auth" || auth === null ? "–" : auth.toFixed(1),
      fixed(figure.latencyP50Ms, 0),
      fixed(figure.latencyP99Ms, 0),
      figure.rounds.map((r) => thousands(r.requestsPerSecond)).join(", "),
    ];
  });
  const head = ["contender", "token in", "req/s (median)", "/ no auth", "server CPU µs/req"];
  const paced = `server CPU µs/req at ${rate === undefined ? "–" : thousands(rate)} req/s`;
  return [
    `### ${framework.label}`,
    "",
    table([...head, paced, "auth CPU µs/req", "p50 ms", "p99 ms", "each round, req/s"], rows),
  ].join("\n");
}

function inProcessSection(results: BenchResults): string {
  const figures = results.inProcess.contenders;
  const ns = (id: string): number => figures.find((c) => c.id === id)?.nsPerOp ?? Number.NaN;
  // A row over distinct tokens is set against the engine over the same tokens.
  const engineOf = (id: string): number =>
    id.includes("unseen") || id === "engine-distinct" ? ns("engine-distinct") : ns("engine");
  const rows = figures.map((c) => [
    c.label,
    thousands(c.nsPerOp),
    thousands(c.nsPerOpMean),
    ratio(c.nsPerOp, engineOf(c.id)).toFixed(2),
    ratio(c.nsPerOp, ns("floor")).toFixed(2),
  ]);
  return table(
    ["verification", "ns/op (median)", "ns/op (mean)", "/ engine (same tokens)", "/ floor"],
    rows,
  );
}

function memorySection(results: BenchResults): string {
  const { memory } = results;
  return [
    table(
      ["", "RSS, MiB", "heap used after GC, MiB"],
      [
        ["before", memory.before.rssMiB.toFixed(1), memory.before.heapUsedMiB.toFixed(2)],
        [
          `after ${thousands(memory.verifications)} distinct tokens`,
          memory.after.rssMiB.toFixed(1),
          memory.after.heapUsedMiB.toFixed(2),
        ],
      ],
    ),
    "",
    `RSS after each tenth of the run, MiB: ${memory.rssTrendMiB.map((v) => v.toFixed(1)).join(", ")}.`,
    "",
    `Heap in use after GC after each tenth, MiB: ${(memory.heapTrendMiB ?? []).map((v) => v.toFixed(1)).join(", ")}.`,
    ...(memory.youngGenerationTrendMiB === undefined
      ? []
      : [
          "",
          `V8's young generation after each tenth, MiB: ${memory.youngGenerationTrendMiB.map((v) => v.toFixed(0)).join(", ")}. It grows with the allocation rate up to its fixed ceiling whatever is kept, which is most of the RSS growth; the target counts RSS besides it.`,
        ]),
  ].join("\n");
}

function methodSection(results: BenchResults): string {
  const { mode } = results;
  const pool = thousands(results.tokenPool);
  const pinning =
    results.serverCpu === null
      ? "Servers and load generator are left to the scheduler (`taskset` not found)."
      : `Each server is pinned to core ${results.serverCpu} with \`taskset\`; the load generator runs on the other core.`;
  return [
    '- **The request.** Every contender serves `POST /protected` and answers `{"identity": "example_user"}`.',
    "  HS256 tokens made by this library are sent in `Authorization: Bearer` (the header way), or as the",
    "  `access_token_cookie` cookie plus the `X-CSRF-TOKEN` header (the cookie way; POST is a CSRF-checked method,",
    "  so the double-submit check runs). Before timing, each server must answer with 200 and refuse a request",
    "  without a token with 401.",
    `- **Many users (distinct tokens).** Each request takes the next token of a pool of ${pool} distinct`,
    "  tokens (across all connections), more than any cache of verified tokens holds, so every request presents a",
    "  token its server has not seen lately: what a service with many users sees. **One token** sends the same",
    "  token on every request, which our verified-token cache serves.",
    "- **With and without the cache.** Each of our servers runs twice: on the library as it ships, and on the same",
    "  build with the verified-token cache turned off (`, no cache`), so each figure is given both ways.",
    `- **HTTP.** Each server runs in its own Node.js process on 127.0.0.1; autocannon (${mode.httpConnections}`,
    `  connections, no pipelining) runs in the runner's process. ${pinning} Per framework, all servers start;`,
    `  for each way of sending tokens each is warmed up for ${mode.httpWarmupSeconds} s, then ${mode.httpRounds} rounds run every contender`,
    `  for ${mode.httpSeconds} s in turn (A B C, A B C, …). Figures are medians over the rounds; a run with a`,
    "  failed request voids the benchmark. Each server reports the CPU time it used (user + system, from",
    "  `process.cpuUsage()`, over IPC) before and after each run: **server CPU µs/req** is that difference over",
    "  the responses, which other work on the machine hardly moves.",
    `- **At one fixed rate.** Then, after a warm-up of ${mode.pacedWarmupSeconds} s each, ${mode.pacedRounds} more rounds run every contender for ${mode.pacedSeconds} s at one rate, the same for all`,
    `  contenders of a framework: ${mode.pacedShare} × the median req/s of the slower of its server without authentication and ours,`,
    "  in hundreds, sent evenly (the requests due each millisecond; a peer slower than that runs as fast as it goes). As fast as it",
    "  goes, a server's CPU per request depends on its own pace (how many requests each event-loop turn and each",
    "  system call serves), so a slower server pays more per request for the same work; at one rate, every",
    "  contender does the same work at the same pace. **Auth CPU µs/req** is a contender's server CPU µs/req at",
    "  that rate minus the same framework's without authentication, taken round by round (the two ran seconds",
    "  apart, in the same turn) and reported as the median over the rounds, with the same tokens. The",
    "  share of no-auth req/s, and the req/s of the charts, come from the rounds as fast as each goes. The cookie",
    "  way's CPU over the header way's is likewise the median of the ratios taken round by round.",
    `- **In-process.** mitata in a process of its own (and one more for the build without the cache); the`,
    `  verifications alternate over ${results.inProcess.rounds} rounds of ${results.inProcess.msPerRound} ms each; the median of the rounds' medians.`,
    '  "Engine" is `fast-jwt`\'s `createVerifier({ key })` on the same token or the same distinct tokens;',
    '  "floor" is one HMAC-SHA256 with `node:crypto` plus the two base64url decodes and `JSON.parse`s. Ours is',
    "  a route's guard from `createBinding(manager).guard()`, on a request view from `nodeRequestView` built for",
    "  each call: what every adapter calls (it answers without a promise when nothing needs awaiting).",
    `- **Memory.** ${thousands(results.memory.verifications)} header-way verifications, each of a token never`,
    "  presented before, by a manager with the verified-token cache and a `MemoryTokenStore`, after a warm-up that",
    "  fills the cache; resident set size, heap in use and the young generation's size (`node:v8`) read after a",
    "  full garbage collection.",
    "- **Our library** is measured as it ships: built with the project's tsup configuration (ESM), not",
    "  transpiled on the fly. The peers are the versions in `package-lock.json`. Our manager remembers the",
    "  tokens it verified lately (`src/token/verified-tokens.ts`), so a token sent again skips the strict read and",
    "  the signature check; everything else runs every time.",
    "- **Profiles.** `BENCH_CPU_PROF=<dir> npm run bench -- --quick` runs our servers under `node --cpu-prof`",
    "  and leaves one `.cpuprofile` per server in `<dir>`.",
    "- **Quick check.** `npm run bench -- --quick` (under two minutes) measures only what the targets need, in",
    "  short runs, prints the targets with pass or fail, and writes its figures to",
    "  `node_modules/.cache/jwt-extended-bench-quick.json`, never over this page or `bench/results/`.",
  ].join("\n");
}

/** docs/benchmarks.md, regenerated in full by `npm run bench`. */
export function renderMarkdown(results: BenchResults): string {
  const { machine } = results;
  const byTokens = (tokens: "one" | "distinct") => results.http.filter((r) => r.tokens === tokens);
  const load = results.loadAverage;
  return [
    "# Benchmarks",
    "",
    "<!-- Generated by `npm run bench` from bench/results/latest.json; edits are overwritten. -->",
    "",
    `Run on ${results.date} in ${results.mode.name} mode (\`npm run bench${results.mode.name === "quick" ? " -- --quick" : ""}\`).`,
    results.mode.name === "quick"
      ? "\n**A quick run**: short runs, fewer rounds; its figures are rougher than a full run's.\n"
      : "",
    table(
      ["machine", ""],
      [
        ["CPU", `${machine.cpu} × ${machine.cores}`],
        ["memory", `${machine.memoryGiB} GiB`],
        ["OS", machine.os],
        ["Node.js", `${machine.node} (V8 ${machine.v8})`],
        [
          "load average (1 min) at start / end",
          `${load.start.toFixed(2)} / ${load.end.toFixed(2)}`,
        ],
      ],
    ),
    "",
    `A load average near or above the ${machine.cores} cores means other work shared the machine during the run:`,
    "requests per second suffer from it most, CPU time per request least.",
    "",
    "## Many users: a different token on every request",
    "",
    `![Requests per second, per contender and framework](${CHART_FILES.requestsPerSecond})`,
    "",
    `![Authentication CPU per request, per contender and framework](${CHART_FILES.authCpu})`,
    "",
    "## Targets",
    "",
    '"Ours" is the header way with the library as it ships. Auth CPU is the server\'s CPU time per request',
    "minus the same framework's without authentication, both at the framework's fixed rate (see the method).",
    "",
    targetsSection(results.targets),
    "",
    `## HTTP, distinct tokens (a pool of ${thousands(results.tokenPool)})`,
    "",
    byTokens("distinct").map(httpSection).join("\n\n"),
    "",
    "## HTTP, one token on every request",
    "",
    byTokens("one").map(httpSection).join("\n\n"),
    "",
    "## Ratios: ours / other, requests per second",
    "",
    ratioSection(results.http),
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
