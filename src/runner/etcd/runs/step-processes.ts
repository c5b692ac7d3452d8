// The scripts steps start (sh steps, sh(), and what those run: sleep, etcdctl, a backgrounded
// loop) each lead a process group of their own. Their time limit lives in the worker; when the
// worker dies (SIGKILL, out of memory, Ctrl-C) nothing would ever stop them. They carry
// TMPDIR_PLAYBOOK (the playbook's scratch dir inside the run dir) in their environment, which
// nothing else has — not even a shell the reader opened in a kept member's dir — so that is how
// they are found. etcd members are left to the reaper, which stops them gracefully first.
import path from "node:path";
import { allPids, cmdline, environ, procStat, signalPid } from "../../os/index.ts";

/** The variable that marks a step's processes; its value is the playbook's scratch dir. */
export const STEP_MARK = "TMPDIR_PLAYBOOK";

function inside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/** SIGKILLs every process a step under `dir` started (not etcd), with its process group; returns their pids. */
export async function killStepProcesses(dir: string): Promise<number[]> {
  const killed: number[] = [];
  for (const pid of await allPids()) {
    const scratch = (await environ(pid)).get(STEP_MARK);
    if (!scratch || !inside(dir, scratch)) continue;
    if (path.basename((await cmdline(pid))?.[0] ?? "") === "etcd") continue;
    // Its own group (a step's script leads one): the whole pipeline goes with it.
    const leads = (await procStat(pid))?.pgid === pid;
    if (signalPid(leads ? -pid : pid, "SIGKILL")) killed.push(pid);
  }
  return killed;
}
