// Leftovers of runs that died (SIGKILL, OOM, a crashed worker): their etcd processes and dirs.
// Only run dirs whose owner process is dead are touched, and only processes whose command line
// names a data dir inside such a run dir are killed — never anything else.
import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { reapReservations } from "../../os/port-reservations.ts";
import { allPids, cmdline, waitGone } from "../../os/proc.ts";
import { RUN_PREFIX, ownerGone, readOwner, runRoot } from "./run-dir.ts";

/** A run dir that has no owner file yet is being made; older than this, its maker died. */
const OWNERLESS_GRACE_MS = 60_000;

export interface ReapReport {
  killed: number[];
  removed: string[];
  /** What could not be done, one line each. */
  errors: string[];
}

function dataDirOf(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith("--data-dir=")) return a.slice("--data-dir=".length);
    if (a === "--data-dir" || a === "-data-dir") return argv[i + 1];
    if (a.startsWith("-data-dir=")) return a.slice("-data-dir=".length);
  }
  return undefined;
}

function inside(dir: string, file: string): boolean {
  const rel = path.relative(dir, path.resolve(file));
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

/** Whether `argv` is an etcd whose --data-dir lies inside one of `dirs`: the only processes a reaper touches. */
export function isEtcdInside(argv: string[], dirs: string[]): boolean {
  if (path.basename(argv[0] ?? "") !== "etcd") return false;
  const dataDir = dataDirOf(argv);
  return dataDir !== undefined && dirs.some((dir) => inside(dir, dataDir));
}

/** pids of etcd processes whose --data-dir lies inside `runDir`. */
export async function etcdProcessesIn(runDir: string): Promise<number[]> {
  const found: number[] = [];
  for (const pid of await allPids()) {
    if (pid === process.pid) continue;
    const argv = await cmdline(pid);
    if (argv && isEtcdInside(argv, [runDir])) found.push(pid);
  }
  return found;
}

/** Kills the etcd processes of one run dir (TERM, then KILL after 1 s) and removes the dir. */
export async function reapRunDir(runDir: string): Promise<ReapReport> {
  const report: ReapReport = { killed: [], removed: [], errors: [] };
  const pids = await etcdProcessesIn(runDir);
  await Promise.all(
    pids.map(async (pid) => {
      try {
        process.kill(pid, "SIGTERM");
        process.kill(pid, "SIGCONT"); // a paused member acts on TERM only once continued
      } catch {
        /* gone already */
      }
      if (!(await waitGone(pid, 1_000))) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          /* gone already */
        }
        if (!(await waitGone(pid, 5_000))) return void report.errors.push(`pid ${pid} survived SIGKILL`);
      }
      report.killed.push(pid);
    }),
  );
  try {
    await rm(runDir, { recursive: true, force: true });
    report.removed.push(runDir);
  } catch (error) {
    report.errors.push(`removing ${runDir}: ${(error as Error).message}`);
  }
  return report;
}

/** Whether the process that made `runDir` is gone (a pid reused by a newer process counts as gone). */
export async function ownerIsDead(runDir: string): Promise<boolean> {
  const owner = await readOwner(runDir);
  if (!owner) {
    const info = await stat(runDir).catch(() => undefined);
    return info !== undefined && Date.now() - info.mtimeMs > OWNERLESS_GRACE_MS;
  }
  return ownerGone(owner);
}

/** Reaps every run dir under `root` whose owner is dead. */
export async function reapLeftovers(root: string = runRoot()): Promise<ReapReport> {
  const report: ReapReport = { killed: [], removed: [], errors: [] };
  const names = (await readdir(root).catch(() => [] as string[])).filter((n) => n.startsWith(RUN_PREFIX));
  for (const name of names) {
    const dir = path.join(root, name);
    if (!(await ownerIsDead(dir))) continue;
    const r = await reapRunDir(dir);
    report.killed.push(...r.killed);
    report.removed.push(...r.removed);
    report.errors.push(...r.errors);
  }
  await reapReservations(root).catch((error: Error) => report.errors.push(`removing dead runs' port reservations: ${error.message}`));
  return report;
}
