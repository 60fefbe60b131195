import { measure } from "mitata";
import { createBenchToken, createBenchTokens } from "../fixture.ts";
import { median } from "../stats.ts";
import {
  engineVerification,
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

export type InProcessId = "floor" | "engine" | "ours-header" | "ours-cookie" | "ours-header-unseen";

/** More distinct tokens than the manager remembers as verified, so that none is a repeat. */
const UNSEEN_TOKENS = 4096;

const [rounds = 3, msPerRound = 300] = process.argv.slice(2).map(Number);
const benchToken = await createBenchToken();
const contenders: ReadonlyArray<{ id: InProcessId; label: string; run: Verification }> = [
  {
    id: "floor",
    label: "floor: HMAC-SHA256 + 2 base64url decodes + 2 JSON.parse",
    run: floorVerification(benchToken.token),
  },
  { id: "engine", label: "engine: fast-jwt verify", run: engineVerification(benchToken.token) },
  {
    id: "ours-header",
    label: "ours: verifyRequest, header",
    run: oursVerification("header", benchToken),
  },
  {
    id: "ours-header-unseen",
    label: "ours: verifyRequest, header, a token not seen lately",
    run: oursVerificationOfUnseenTokens(await createBenchTokens(UNSEEN_TOKENS)),
  },
  {
    id: "ours-cookie",
    label: "ours: verifyRequest, cookie + CSRF",
    run: oursVerification("cookie", benchToken),
  },
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
