import { createBenchToken } from "../fixture.ts";
import { oursVerification } from "./verifiers.ts";

/** What `bench/suites/memory.ts` prints: memory around a million verifications. */
export interface MemoryResult {
  readonly verifications: number;
  readonly before: MemoryReading;
  readonly after: MemoryReading;
  /** Resident memory after each tenth of the run, in MiB, to show the trend. */
  readonly rssTrendMiB: readonly number[];
}

export interface MemoryReading {
  readonly rssMiB: number;
  readonly heapUsedMiB: number;
}

const WARMUP = 100_000;
const MiB = 1024 * 1024;
const round = (bytes: number): number => Math.round((bytes / MiB) * 100) / 100;

const collectGarbage = (): void => {
  if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc");
  globalThis.gc();
  globalThis.gc();
};

const read = (): MemoryReading => {
  collectGarbage();
  const { rss, heapUsed } = process.memoryUsage();
  return { rssMiB: round(rss), heapUsedMiB: round(heapUsed) };
};

const verifications = Number(process.argv[2] ?? 1_000_000);
const verify = oursVerification("header", await createBenchToken());

// Warm up first, so that compiled code and the heap's working size are already in "before".
for (let i = 0; i < WARMUP; i++) await verify();
const before = read();
const rssTrendMiB: number[] = [];
const step = Math.ceil(verifications / 10);
for (let done = 0; done < verifications; done += step) {
  for (let i = 0; i < step; i++) await verify();
  rssTrendMiB.push(read().rssMiB);
}
const result: MemoryResult = { verifications, before, after: read(), rssTrendMiB };
console.log(JSON.stringify(result));
