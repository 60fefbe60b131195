import { createHmac } from "node:crypto";
import { getHeapSpaceStatistics } from "node:v8";
import { JwtManager, MemoryTokenStore, nodeRequestView } from "jwt-extended";
import { createBenchToken, METHOD, ROUTE, SECRET } from "../fixture.ts";

/**
 * What `bench/suites/memory.ts` prints: memory around verifying many distinct tokens with
 * the verified-token cache and the memory store in place.
 */
export interface MemoryResult {
  /** How many verifications, each of a token never presented before. */
  readonly verifications: number;
  readonly before: MemoryReading;
  readonly after: MemoryReading;
  /** Resident memory after each tenth of the run, in MiB, to show the trend. */
  readonly rssTrendMiB: readonly number[];
  /** Heap in use after GC after each tenth of the run, in MiB. */
  readonly heapTrendMiB: readonly number[];
  /** The young generation's size after each tenth of the run, in MiB. */
  readonly youngGenerationTrendMiB?: readonly number[];
}

export interface MemoryReading {
  readonly rssMiB: number;
  readonly heapUsedMiB: number;
  /**
   * Memory V8 holds for its young generation (new space), used or not: it grows with the
   * allocation rate, up to a fixed ceiling, and most of a run's RSS growth is there.
   */
  readonly youngGenerationMiB?: number;
}

const WARMUP = 20_000;
const MiB = 1024 * 1024;
const round = (bytes: number): number => Math.round((bytes / MiB) * 100) / 100;

const collectGarbage = (): void => {
  if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc");
  globalThis.gc();
  globalThis.gc();
};

const youngGeneration = (): number =>
  getHeapSpaceStatistics().find((space) => space.space_name === "new_space")?.space_size ?? 0;

const read = (): MemoryReading => {
  collectGarbage();
  const { rss, heapUsed } = process.memoryUsage();
  return {
    rssMiB: round(rss),
    heapUsedMiB: round(heapUsed),
    youngGenerationMiB: round(youngGeneration()),
  };
};

/**
 * Token number `n`: the benchmark token's claims with their own `jti`, signed here with
 * one HMAC so that making a million tokens costs little and keeps none of them alive.
 */
function tokenMaker(template: string): (n: number) => string {
  const [header = ""] = template.split(".");
  const claims = JSON.parse(Buffer.from(template.split(".")[1] ?? "", "base64url").toString());
  return (n) => {
    const payload = Buffer.from(JSON.stringify({ ...claims, jti: `memory-${n}` })).toString(
      "base64url",
    );
    const input = `${header}.${payload}`;
    return `${input}.${createHmac("sha256", SECRET).update(input).digest("base64url")}`;
  };
}

const verifications = Number(process.argv[2] ?? 1_000_000);
const manager = new JwtManager({ secretKey: SECRET, store: new MemoryTokenStore() });
const route = manager.route();
const makeToken = tokenMaker((await createBenchToken()).token);
let made = 0;
const verify = () => {
  const headers = { authorization: `Bearer ${makeToken(made++)}` };
  const view = nodeRequestView({ method: METHOD, url: ROUTE, headers }, () =>
    Promise.resolve(undefined),
  );
  return manager.verifyRequest(view, route);
};

// Warm up first, so that compiled code and a full cache are already in "before".
for (let i = 0; i < WARMUP; i++) await verify();
const before = read();
const rssTrendMiB: number[] = [];
const heapTrendMiB: number[] = [];
const youngGenerationTrendMiB: number[] = [];
const step = Math.ceil(verifications / 10);
for (let done = 0; done < verifications; done += step) {
  for (let i = 0; i < step; i++) await verify();
  const reading = read();
  rssTrendMiB.push(reading.rssMiB);
  heapTrendMiB.push(reading.heapUsedMiB);
  youngGenerationTrendMiB.push(reading.youngGenerationMiB ?? 0);
}
const result: MemoryResult = {
  verifications,
  before,
  after: read(),
  rssTrendMiB,
  heapTrendMiB,
  youngGenerationTrendMiB,
};
console.log(JSON.stringify(result));
