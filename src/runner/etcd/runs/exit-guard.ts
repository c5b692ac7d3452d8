// The last line of defence when a Vitest main process ends abruptly. On SIGINT or SIGTERM Vitest's
// main process exits within a millisecond, without running global teardowns; its workers follow,
// and the etcd members they started live on, reparented (measured: `kill -INT` on `vitest run`
// left a member running and its run dir in place). Only synchronous work runs in an "exit"
// listener, so this is the reaper's job done synchronously, for the run dirs of this process and
// of its own children (the workers) — never another run's.
import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { isEtcdInside } from "./reaper.ts";
import { OWNER_FILE, RUN_PREFIX, readOwnerFile, runRoot } from "./run-dir.ts";

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

/** pids of etcd processes whose --data-dir lies inside one of `dirs` (reaper.ts's test, synchronously). */
function processesIn(dirs: string[]): number[] {
  const found: number[] = [];
  for (const name of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    const pid = Number(name);
    if (pid === process.pid) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    } catch {
      continue;
    }
    if (isEtcdInside(argv, dirs)) found.push(pid);
  }
  return found;
}

/** Kills the members of this process's and its children's run dirs and removes the dirs. Synchronous. */
export function reapOwnRunsSync(root: string = runRoot()): { killed: number[]; removed: string[] } {
  let names: string[];
  try {
    names = readdirSync(root).filter((n) => n.startsWith(RUN_PREFIX));
  } catch {
    return { killed: [], removed: [] };
  }
  const ours = names
    .map((n) => path.join(root, n))
    .filter((dir) => {
      const owner = readOwnerFile(path.join(dir, OWNER_FILE));
      return owner !== undefined && (owner.pid === process.pid || parentOf(owner.pid) === process.pid);
    });
  if (ours.length === 0) return { killed: [], removed: [] };
  const killed = processesIn(ours);
  for (const pid of killed) {
    try {
      process.kill(pid, "SIGKILL"); // the data is deleted next: nothing to shut down gracefully for
    } catch {
      /* gone already */
    }
  }
  for (const dir of ours) rmSync(dir, { recursive: true, force: true });
  return { killed, removed: ours };
}

let installed = false;

/** Installs reapOwnRunsSync as an "exit" listener of this process, once. */
export function reapOwnRunsOnExit(): void {
  if (installed) return;
  installed = true;
  process.once("exit", () => {
    try {
      reapOwnRunsSync();
    } catch {
      /* exiting anyway; the next run's reaper gets the rest */
    }
  });
}
