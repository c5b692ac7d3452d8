// What Ctrl-C and SIGTERM must undo whatever the steps are doing. Vitest's cancel aborts tests
// that await, and most workers then tear their playbooks down; but a worker stuck in a step that
// never yields would keep its members, and Vitest's close() waits for the run to end. So after a
// short grace (./signals.ts) the runner kills the workers still there, then reaps its own run dirs
// — the members and step scripts of every worker — as the global teardown would. Linux /proc,
// like the reaper it builds on.
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { reapRunDir, runRoot, type ReapReport } from "../runner/etcd/index.ts";
import { RUN_PREFIX, readOwner } from "../runner/etcd/runs/run-dir.ts";
import { killStepProcesses } from "../runner/etcd/runs/step-processes.ts";

/** Vitest's worker entry points (forks.js, threads.js …), not its watchdog. */
const WORKER_ENTRY = /[/\\]vitest[/\\]dist[/\\]workers[/\\](?!watchdog)/;

async function childPids(parent: number): Promise<number[]> {
  const names = (await readdir("/proc").catch(() => [] as string[])).filter((n) => /^\d+$/.test(n));
  const found: number[] = [];
  for (const name of names) {
    const stat = await readFile(`/proc/${name}/stat`, "utf8").catch(() => "");
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (ppid === parent) found.push(Number(name));
  }
  return found;
}

/**
 * SIGKILLs this process's Vitest workers. Killed first, before any member is reaped, so that no
 * worker can start a member after the reap looked for them; their afterAll cannot run anyway
 * while a step hangs.
 */
export async function killWorkers(parent = process.pid): Promise<number[]> {
  const killed: number[] = [];
  for (const pid of await childPids(parent)) {
    const argv = (await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "")).split("\0");
    if (!argv.some((a) => WORKER_ENTRY.test(a))) continue;
    try {
      process.kill(pid, "SIGKILL");
      killed.push(pid);
    } catch {
      // already gone
    }
  }
  return killed;
}

/** Reaps every run dir this process owns (made by its global set-ups): members stopped, dirs removed. */
export async function reapOwnRunDirs(owner = process.pid): Promise<ReapReport> {
  const root = runRoot();
  const report: ReapReport = { killed: [], removed: [], errors: [] };
  for (const name of (await readdir(root).catch(() => [] as string[])).filter((n) => n.startsWith(RUN_PREFIX))) {
    const dir = path.join(root, name);
    if ((await readOwner(dir))?.pid !== owner) continue;
    await killStepProcesses(dir);
    const r = await reapRunDir(dir);
    report.killed.push(...r.killed);
    report.removed.push(...r.removed);
    report.errors.push(...r.errors);
  }
  return report;
}
