// Leftovers of runs that died (SIGKILL, OOM, a crashed worker): their step scripts, etcd processes,
// fault helpers (strace), mounts (a member's small filesystem) and dirs. Only run dirs whose owner
// process is dead (or, on Ctrl-C, our own) are touched, and only processes whose command line
// names a data dir inside such a run dir, or that carry a step's or a helper's mark, are killed —
// never anything else.
import { rm } from "node:fs/promises";
import path from "node:path";
import { allPids, cmdline, mountsUnderSync, reapReservations, runProcess, runRoot, signalPid, toolFailure, waitGone } from "../../os/index.ts";
import { ownerIsDead, readOwner, runDirs } from "./run-dir.ts";
import { killHelperProcesses, killStepProcesses } from "./step-processes.ts";

export interface ReapReport {
  killed: number[];
  removed: string[];
  /** What could not be done, one line each. */
  errors: string[];
}

function dataDirOf(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!.replace(/^--?/, "-");
    if (a.startsWith("-data-dir=")) return a.slice("-data-dir=".length);
    if (a === "-data-dir") return argv[i + 1];
  }
  return undefined;
}

function inside(dir: string, file: string): boolean {
  const rel = path.relative(dir, path.resolve(file));
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

/** Whether `argv` is an etcd whose --data-dir lies inside one of `dirs`: the only etcd a reaper touches. */
export function isEtcdInside(argv: string[], dirs: string[]): boolean {
  if (path.basename(argv[0] ?? "") !== "etcd") return false;
  const dataDir = dataDirOf(argv);
  return dataDir !== undefined && dirs.some((dir) => inside(dir, dataDir));
}

/** pids of etcd processes whose --data-dir lies inside `runDir`. */
export async function etcdProcessesIn(runDir: string): Promise<number[]> {
  const found: number[] = [];
  for (const pid of await allPids()) {
    const argv = await cmdline(pid);
    if (argv && isEtcdInside(argv, [runDir])) found.push(pid);
  }
  return found;
}

/**
 * Stops one run dir's step scripts, then its etcd processes (TERM, then KILL after 1 s), then the
 * fault helpers left (strace ends with its member), unmounts what is mounted inside, and removes the dir.
 */
export async function reapRunDir(runDir: string): Promise<ReapReport> {
  const report: ReapReport = { killed: [], removed: [], errors: [] };
  // Scripts first: one may be talking to a member, or about to start one.
  report.killed.push(...(await killStepProcesses(runDir)));
  await stopEtcd(await etcdProcessesIn(runDir), report);
  report.killed.push(...(await killHelperProcesses(runDir)));
  // A small filesystem a member's data dir was on: rm cannot remove a mount point.
  for (const point of mountsUnderSync(runDir)) {
    const failed = toolFailure("umount", await runProcess("umount", ["-l", point], { env: process.env, timeoutMs: 10_000 }));
    if (failed) report.errors.push(`unmounting ${point}: ${failed}`);
  }
  try {
    await rm(runDir, { recursive: true, force: true });
    report.removed.push(runDir);
  } catch (error) {
    report.errors.push(`removing ${runDir}: ${(error as Error).message}`);
  }
  return report;
}

/** Stops etcd processes: TERM, then KILL after 1 s. */
export async function stopEtcd(pids: number[], report: ReapReport): Promise<void> {
  await Promise.all(
    pids.map(async (pid) => {
      signalPid(pid, "SIGTERM");
      signalPid(pid, "SIGCONT"); // a paused member acts on TERM only once continued
      if (!(await waitGone(pid, 1_000))) {
        signalPid(pid, "SIGKILL");
        if (!(await waitGone(pid, 5_000))) return void report.errors.push(`pid ${pid} survived SIGKILL`);
      }
      report.killed.push(pid);
    }),
  );
}

async function reapAll(dirs: string[]): Promise<ReapReport> {
  const report: ReapReport = { killed: [], removed: [], errors: [] };
  for (const dir of dirs) {
    const r = await reapRunDir(dir);
    report.killed.push(...r.killed);
    report.removed.push(...r.removed);
    report.errors.push(...r.errors);
  }
  return report;
}

/** Reaps every run dir under `root` whose owner is dead, and port reservations of dead owners. */
export async function reapLeftovers(root: string = runRoot()): Promise<ReapReport> {
  const dead: string[] = [];
  for (const dir of await runDirs(root)) if (await ownerIsDead(dir)) dead.push(dir);
  const report = await reapAll(dead);
  await reapReservations(root).catch((error: Error) => report.errors.push(`removing dead runs' port reservations: ${error.message}`));
  return report;
}

/** Reaps every run dir that process `owner` made (Ctrl-C: the main process's own global set-ups). */
export async function reapRunsOf(owner: number, root: string = runRoot()): Promise<ReapReport> {
  return reapAll((await runDirs(root)).filter((dir) => readOwner(dir)?.pid === owner));
}
