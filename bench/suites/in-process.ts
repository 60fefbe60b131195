import { measure } from "mitata";
import { createBenchToken, createBenchTokens, TOKEN_POOL } from "../fixture.ts";
import { median } from "../stats.ts";
import {
  engineVerification,
  engineVerificationOfTokens,
  floorVerification,
  oursVerification,
  oursVerificationOfUnseenTokens,
  type Verification,
} from "./verifiers.ts";

/** What `bench/suites/in-process.ts` prints: nanoseconds per verification, per contender. */
export interface InProcessResult {
  readonly rounds: number;
  readonly msPerRound: number;
  readonly contenders: readonly InProcessFigure[];
}

export interface InProcessFigure {
  readonly id: InProcessId;
  readonly label: string;
  /** Median over the rounds of each round's median time per operation. */
  readonly nsPerOp: number;
  /** Median over the rounds of each round's mean (which includes garbage collection). */
  readonly nsPerOpMean: number;
  readonly perRound: readonly number[];
}

type OursId = "ours-header" | "ours-header-unseen" | "ours-cookie" | "ours-cookie-unseen";

export type InProcessId = "floor" | "engine" | "engine-distinct" | OursId | `${OursId}-no-cache`;

// `tsx bench/suites/in-process.ts <rounds> <ms per round> [no-cache]`. With `no-cache` the
// library resolves to its build without the verified-token cache (the runner sets the
// paths), and only our verifications are measured, under ids ending in `-no-cache`.
const [roundsArg, msArg, variant] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 3);
const msPerRound = Number(msArg ?? 300);
const noCache = variant === "no-cache";

const benchToken = await createBenchToken();
/** More distinct tokens than any cache of verified tokens holds: none is a repeat. */
const pool = await createBenchTokens(TOKEN_POOL);
const ours: ReadonlyArray<{ id: OursId; label: string; run: Verification }> = [
  {
    id: "ours-header",
    label: "ours: route guard, header, one token",
    run: oursVerification("header", benchToken),
  },
  {
    id: "ours-header-unseen",
    label: `ours: route guard, header, ${TOKEN_POOL.toLocaleString("en-US")} distinct tokens`,
    run: oursVerificationOfUnseenTokens(pool, "header"),
  },
  {
    id: "ours-cookie",
    label: "ours: route guard, cookie + CSRF, one token",
    run: oursVerification("cookie", benchToken),
  },
  {
    id: "ours-cookie-unseen",
    label: `ours: route guard, cookie + CSRF, ${TOKEN_POOL.toLocaleString("en-US")} distinct tokens`,
    run: oursVerificationOfUnseenTokens(pool, "cookie"),
  },
];
const contenders: ReadonlyArray<{ id: InProcessId; label: string; run: Verification }> = noCache
  ? ours.map((c) => ({ ...c, id: `${c.id}-no-cache` as const, label: `${c.label}, no cache` }))
  : [
      {
        id: "floor",
        label: "floor: HMAC-SHA256 + 2 base64url decodes + 2 JSON.parse",
        run: floorVerification(benchToken.token),
      },
      {
        id: "engine",
        label: "engine: fast-jwt verify, one token",
        run: engineVerification(benchToken.token),
      },
      {
        id: "engine-distinct",
        label: `engine: fast-jwt verify, ${TOKEN_POOL.toLocaleString("en-US")} distinct tokens`,
        run: engineVerificationOfTokens(pool),
      },
      ...ours,
    ];

// Each contender must accept the token before it is timed.
for (const contender of contenders) {
  if (!(await contender.run())) throw new Error(`${contender.id} refused the benchmark token`);
}

const medians = new Map<InProcessId, number[]>(contenders.map((c) => [c.id, []]));
const means = new Map<InProcessId, number[]>(contenders.map((c) => [c.id, []]));
for (let round = 0; round < rounds; round++) {
  for (const contender of contenders) {
    const stats = await measure(contender.run, { min_cpu_time: msPerRound * 1e6 });
    medians.get(contender.id)?.push(stats.p50);
    means.get(contender.id)?.push(stats.avg);
  }
}

const result: InProcessResult = {
  rounds,
  msPerRound,
  contenders: contenders.map(({ id, label }) => ({
    id,
    label,
    nsPerOp: median(medians.get(id) ?? []),
    nsPerOpMean: median(means.get(id) ?? []),
    perRound: medians.get(id) ?? [],
  })),
};
console.log(JSON.stringify(result));
