// Processes a run starts besides etcd that nothing would stop if their owner died: the scripts
// steps start (sh steps, sh(), and what those run: sleep, etcdctl, a backgrounded loop), each
// leading a process group of its own, and the faults' helper processes (strace running a member
// with disk faults). Their time limits live in the worker; when the worker dies (SIGKILL, out of
// memory, Ctrl-C) nothing would ever stop them. Each carries a mark in its environment whose value
// is a dir inside the run dir — TMPDIR_PLAYBOOK (the playbook's scratch dir) for scripts,
// PLAYBOOK_FAULT_HELPER (the member's dir) for helpers — which nothing else has, not even a
// shell the reader opened in a kept member's dir, so that is how they are found. etcd members
// (which inherit a helper's environment) are left to the reaper, which stops them gracefully first.
import path from "node:path";
import { allPids, allPidsSync, cmdline, cmdlineSync, environ, environSync, procStat, procStatSync, signalPid } from "../../os/index.ts";

/** The variable that marks a step's processes; its value is the playbook's scratch dir. */
export const STEP_MARK = "TMPDIR_PLAYBOOK";
/** The variable that marks a fault's helper process; its value is the member's dir. Not ETCD_*: etcd inherits it and reads those as flags. */
export const HELPER_MARK = "PLAYBOOK_FAULT_HELPER";

function inside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/** SIGKILLs every process carrying `mark` under `dir` (not etcd), with its process group when it leads one. */
async function killMarked(dir: string, mark: string): Promise<number[]> {
  const killed: number[] = [];
  for (const pid of await allPids()) {
    const value = (await environ(pid)).get(mark);
    if (!value || !inside(dir, value)) continue;
    if (path.basename((await cmdline(pid))?.[0] ?? "") === "etcd") continue;
    // Its own group (a step's script leads one): the whole pipeline goes with it.
    const leads = (await procStat(pid))?.pgid === pid;
    if (signalPid(leads ? -pid : pid, "SIGKILL")) killed.push(pid);
  }
  return killed;
}

/** SIGKILLs every process a step under `dir` started (not etcd), with its process group; returns their pids. */
export function killStepProcesses(dir: string): Promise<number[]> {
  return killMarked(dir, STEP_MARK);
}

/** SIGKILLs every fault helper (strace) of a member under `dir`; returns their pids. */
export function killHelperProcesses(dir: string): Promise<number[]> {
  return killMarked(dir, HELPER_MARK);
}

/**
 * The same for an "exit" listener, which cannot wait: step scripts, go programs and helpers whose
 * mark lies under one of `dirs` (a script with its process group, as the async sweep does).
 */
export function killMarkedProcessesSync(dirs: string[]): number[] {
  const killed: number[] = [];
  for (const pid of allPidsSync()) {
    const env = environSync(pid);
    const value = env.get(STEP_MARK) ?? env.get(HELPER_MARK);
    if (!value || !dirs.some((d) => inside(d, value))) continue;
    if (path.basename(cmdlineSync(pid)?.[0] ?? "") === "etcd") continue;
    const leads = procStatSync(pid)?.pgid === pid;
    if (signalPid(leads ? -pid : pid, "SIGKILL")) killed.push(pid);
  }
  return killed;
}
