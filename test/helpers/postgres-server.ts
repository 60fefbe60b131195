/**
 * A real PostgreSQL server (Debian's postgresql 15) for tests: its own cluster in a fresh
 * temporary data directory, listening on a free loopback port, with trust authentication,
 * run as the `postgres` user (PostgreSQL refuses to run as root, and tests run as root).
 * It can be stopped and started again on the same data (what was committed stays), or
 * frozen (SIGSTOP to every server process) to play a server that hangs with its
 * connections open.
 */
import { execFile } from "node:child_process";
import { chownSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "./free-port.ts";
import type { ServerProcess } from "./server-process.ts";

/** POSTGRES_BIN, else the newest Debian installation (/usr/lib/postgresql/<version>/bin). */
const BIN =
  process.env.POSTGRES_BIN ??
  `/usr/lib/postgresql/${
    readdirSync("/usr/lib/postgresql", { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && /^\d+$/.test(entry.name))
      .map((entry) => Number(entry.name))
      .sort((a, b) => b - a)[0] ?? 15
  }/bin`;
const USER = "postgres";
const run = promisify(execFile);

/**
 * A PostgreSQL server started by `startPostgresServer`: `stop()` is a fast shutdown (sessions
 * end, committed data stays), and it starts again on the same data.
 */
export interface PostgresServer extends ServerProcess {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
}

/** Runs a PostgreSQL program as the `postgres` user, in `cwd` (which that user can read). */
async function asPostgres(cwd: string, program: string, args: readonly string[]): Promise<void> {
  if (process.getuid?.() === (await userIds()).uid) await run(join(BIN, program), args, { cwd });
  else await run("runuser", ["-u", USER, "--", join(BIN, program), ...args], { cwd });
}

/** The server's process ids: the postmaster (from postmaster.pid) and its children. */
function serverPids(data: string): number[] {
  const postmaster = Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]);
  const children = readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        // Field 4 of /proc/<pid>/stat is the parent; the name before it may hold spaces.
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === postmaster;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [postmaster, ...children];
}

/** Starts a PostgreSQL server for one test file; `close()` it in `afterAll`. */
export async function startPostgresServer(): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), "jwt-extended-postgres-"));
  const { uid, gid } = await userIds();
  chownSync(dir, uid, gid);
  const data = join(dir, "data");
  const port = await freePort();
  await asPostgres(dir, "initdb", [
    "-D",
    data,
    "-A",
    "trust",
    "-U",
    USER,
    "-E",
    "UTF8",
    "--no-sync",
  ]);
  // Durability against a power cut is not what a test checks; a clean stop still writes all.
  const settings = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c full_page_writes=off`;
  const start = (): Promise<void> =>
    asPostgres(dir, "pg_ctl", ["-D", data, "-o", settings, "-l", join(dir, "log"), "-w", "start"]);
  const stop = (): Promise<void> =>
    asPostgres(dir, "pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
  let frozen: number[] = [];
  const signal = (pids: readonly number[], name: NodeJS.Signals): void => {
    for (const pid of pids) {
      try {
        process.kill(pid, name);
      } catch {
        // Gone already.
      }
    }
  };

  const thaw = (): void => {
    signal(frozen, "SIGCONT");
    frozen = [];
  };

  await start();
  return {
    url: `postgres://${USER}@127.0.0.1:${port}/postgres`,
    port,
    start,
    async stop() {
      thaw();
      await stop();
    },
    freeze() {
      frozen = serverPids(data);
      signal(frozen, "SIGSTOP");
    },
    thaw,
    async close() {
      thaw();
      await stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function userIds(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([
    run("id", ["-u", USER]).then(({ stdout }) => Number(stdout.trim())),
    run("id", ["-g", USER]).then(({ stdout }) => Number(stdout.trim())),
  ]);
  return { uid, gid };
}
