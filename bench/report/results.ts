import type { TokenMode } from "../fixture.ts";
import type { Contender, Framework } from "../http/contenders.ts";
import type { HttpFigure } from "../http/rounds.ts";
import type { Machine } from "../machine.ts";
import type { BenchMode } from "../mode.ts";
import type { InProcessResult } from "../suites/in-process.ts";
import type { MemoryResult } from "../suites/memory.ts";

/** Everything one run of `npm run bench` measured: the content of bench/results/latest.json. */
export interface BenchResults {
  readonly date: string;
  readonly mode: BenchMode;
  readonly machine: Machine;
  /** Load averages (1 minute) when the run started and ended: other work on the machine skews figures. */
  readonly loadAverage: { readonly start: number; readonly end: number };
  /** The core the HTTP servers were pinned to (the load generator got the other), or null. */
  readonly serverCpu: number | null;
  /** How many distinct tokens the "distinct" runs cycle through. */
  readonly tokenPool: number;
  /** Our rows twice: as the library ships, and (ids ending in `-no-cache`) without its cache. */
  readonly inProcess: InProcessResult;
  readonly memory: MemoryResult;
  readonly http: readonly FrameworkResult[];
  readonly targets: readonly TargetResult[];
}

/** One framework's contenders, measured with one token or with distinct tokens. */
export interface FrameworkResult {
  readonly framework: Framework;
  readonly label: string;
  readonly tokens: TokenMode;
  readonly contenders: ReadonlyArray<Contender & { readonly figure: HttpFigure }>;
  readonly ratios: readonly HttpRatio[];
}

/** `ours / other` in requests per second, for one of our contenders against another contender. */
export interface HttpRatio {
  readonly ours: string;
  readonly other: string;
  readonly value: number;
}

export interface TargetResult {
  readonly name: string;
  /** The target as written, e.g. `>= 1.00`. */
  readonly target: string;
  /** The measured value, or null when it could not be measured (e.g. an adapter is missing). */
  readonly value: number | null;
  readonly pass: boolean | null;
  readonly note?: string;
}
