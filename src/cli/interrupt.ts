// What Ctrl-C and SIGTERM must undo whatever the steps are doing. Vitest's cancel aborts tests
// that await, and most workers then tear their playbooks down; but a worker stuck in a step that
// never yields would keep its members, and Vitest's close() waits for the run to end. So after a
// short grace (./signals.ts) the runner kills the workers still there, then reaps its own run dirs
// — the members and step scripts of every worker — as the global teardown would. Linux /proc,
// like the reaper it builds on.
import { childPids, cmdline, signalPid } from "../runner/os/index.ts";
import { reapRunsOf, type ReapReport } from "../runner/etcd/index.ts";

/** Vitest's worker entry points (forks.js, threads.js …), not its watchdog. */
const WORKER_ENTRY = /[/\\]vitest[/\\]dist[/\\]workers[/\\](?!watchdog)/;

/**
 * SIGKILLs this process's Vitest workers. Killed first, before any member is reaped, so that no
 * worker can start a member after the reap looked for them; their afterAll cannot run anyway
 * while a step hangs.
 */
export async function killWorkers(parent = process.pid): Promise<number[]> {
  const killed: number[] = [];
  for (const pid of await childPids(parent)) {
    const argv = (await cmdline(pid)) ?? [];
    if (argv.some((a) => WORKER_ENTRY.test(a)) && signalPid(pid, "SIGKILL")) killed.push(pid);
  }
  return killed;
}

/** Reaps every run dir this process owns (made by its global set-ups): scripts and members stopped, dirs removed. */
export function reapOwnRunDirs(owner = process.pid): Promise<ReapReport> {
  return reapRunsOf(owner);
}
