/**
 * The built package (dist/), as tests that check what would be published see it: built
 * when missing or older than the sources, by one test file at a time.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Builds hold this lock, and readers of dist/ hold it shared: a build deletes dist/ first,
 * and test files run in parallel.
 */
export const DIST_LOCK = join(tmpdir(), "jwt-extended-dist.lock");

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** The newest source the build reads, in whole seconds (what `stat -c %Y` compares). */
const sourcesTime = (root: string): number =>
  Math.ceil(
    Math.max(
      newest(join(root, "src")),
      newest(join(root, "package.json")),
      newest(join(root, "tsup.config.ts")),
    ) / 1000,
  );

const BUILT_MARK = join("dist", "index.d.ts");

const isFresh = (root: string, since: number): boolean => {
  const built = join(root, BUILT_MARK);
  return existsSync(built) && statSync(built).mtimeMs / 1000 >= since;
};

/**
 * Runs `npm run build` when dist/ is missing or older than the sources. Freshness is asked
 * again under the lock, so that of two test files finding dist/ stale at once, one builds
 * and the other uses its build rather than deleting it under it.
 */
export function ensureBuilt(root: string = ROOT): void {
  const since = sourcesTime(root);
  if (isFresh(root, since)) return;
  const buildIfStale = `[ -f ${BUILT_MARK} ] && [ "$(stat -c %Y ${BUILT_MARK})" -ge ${since} ] || npm run build`;
  execFileSync("flock", [DIST_LOCK, "sh", "-c", buildIfStale], { cwd: root, stdio: "pipe" });
}
