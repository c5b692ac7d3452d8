// The scripts steps start (sh steps, sh(), and what those run: sleep, etcdctl, a backgrounded
// loop) each lead a process group of their own. Their time limit lives in the worker; when the
// worker dies (SIGKILL, out of memory, Ctrl-C) nothing would ever stop them. They carry
// TMPDIR_PLAYBOOK (the playbook's scratch dir inside the run dir) in their environment, which
// nothing else has — not even a shell the reader opened in a kept member's dir — so that is how
// they are found. etcd members are left to the reaper, which stops them gracefully first.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { ownerIsDead } from "./reaper.ts";
import { RUN_PREFIX } from "./run-dir.ts";
import { runRoot } from "../index.ts";

function inside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

async function groupOf(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  const pgid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
  return Number.isInteger(pgid) && pgid > 0 ? pgid : undefined;
}

/** SIGKILLs every process a step of `runDir` started (not etcd), with its process group; returns their pids. */
export async function killStepProcesses(runDir: string): Promise<number[]> {
  const killed: number[] = [];
  const names = (await readdir("/proc").catch(() => [] as string[])).filter((n) => /^\d+$/.test(n));
  for (const name of names) {
    const pid = Number(name);
    if (pid === process.pid) continue;
    const environ = (await readFile(`/proc/${pid}/environ`, "utf8").catch(() => "")).split("\0");
    const scratch = environ.find((e) => e.startsWith("TMPDIR_PLAYBOOK="))?.slice("TMPDIR_PLAYBOOK=".length);
    if (!scratch || !inside(runDir, scratch)) continue;
    const argv0 = (await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "")).split("\0")[0] ?? "";
    if (path.basename(argv0) === "etcd") continue;
    const pgid = await groupOf(pid);
    try {
      // Its own group (a step's script leads one): the whole pipeline goes with it.
      process.kill(pgid === pid ? -pid : pid, "SIGKILL");
      killed.push(pid);
    } catch {
      // already gone
    }
  }
  return killed;
}

/** For runs whose owner died; called before the reaper removes their dirs, which say who owned them. */
export async function killLeftoverStepProcesses(root: string = runRoot()): Promise<void> {
  for (const name of (await readdir(root).catch(() => [] as string[])).filter((n) => n.startsWith(RUN_PREFIX))) {
    const dir = path.join(root, name);
    if (await ownerIsDead(dir)) await killStepProcesses(dir);
  }
}
