// The last line of defence when a Vitest main process ends abruptly. On SIGINT or SIGTERM Vitest's
// main process exits within a millisecond, without running global teardowns; its workers follow,
// and the etcd members they started live on, reparented (measured: `kill -INT` on `vitest run`
// left a member running and its run dir in place). Only synchronous work runs in an "exit"
// listener, so this is the reaper's job done synchronously, for the run dirs of this process and
// of its own children (the workers) — never another run's.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { allPidsSync, cmdlineSync, mountsUnderSync, procStatSync, runRoot, signalPid } from "../../os/index.ts";
import { isEtcdInside } from "./reaper.ts";
import { readOwner, runDirsSync } from "./run-dir.ts";
import { killMarkedProcessesSync } from "./step-processes.ts";

/** Kills the members of this process's and its children's run dirs and removes the dirs. Synchronous. */
export function reapOwnRunsSync(root: string = runRoot()): { killed: number[]; removed: string[] } {
  const ours = runDirsSync(root).filter((dir) => {
    const owner = readOwner(dir);
    return owner !== undefined && (owner.pid === process.pid || procStatSync(owner.pid)?.ppid === process.pid);
  });
  if (ours.length === 0) return { killed: [], removed: [] };
  const killed = allPidsSync().filter((pid) => {
    const argv = cmdlineSync(pid);
    return argv !== undefined && isEtcdInside(argv, ours);
  });
  // The data is deleted next: nothing to shut down gracefully for.
  for (const pid of killed) signalPid(pid, "SIGKILL");
  // Step scripts and go programs (an embedded etcd dies with its program) would live on too, and
  // strace ends with its member, but one whose member was already gone would linger.
  killed.push(...killMarkedProcessesSync(ours));
  for (const dir of ours) {
    for (const point of mountsUnderSync(dir)) spawnSync("umount", ["-l", point], { stdio: "ignore", timeout: 5_000 });
    rmSync(dir, { recursive: true, force: true });
  }
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
