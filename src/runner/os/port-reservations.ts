// Ports a member owns, reserved across processes for as long as it owns them.
//
// The OS knows a port is taken only while something listens on it. A stopped member still owns its
// ports (its --initial-cluster and data dir name them, and it restarts on them), so while m0 was
// down another worker of the same run picked m0's free peer port and m0's restart failed with
// "address already in use" (soak run, faq/connection-refused on 3.5). Every runner process therefore
// records what it hands out: one file per port under the run root, made with O_EXCL, naming the
// owning process. A reservation ends at the cluster's teardown, at the owner's exit, or — if the
// owner was killed — when another process finds the owner gone.
import { linkSync, mkdirSync, renameSync, rmSync, unlinkSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { ownerGone, readOwnerFile, writeOwnerFile } from "./owner-file.ts";
import { runRoot } from "./scratch-root.ts";

export const PORTS_DIR = "ports";

/** Ports this process holds, so that exit can release them without a teardown. */
const held = new Map<number, string>();
let exitHook = false;

function dirOf(root: string): string {
  const dir = path.join(root, PORTS_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/**
 * Takes `port` for this process; false when another live process holds it. A reservation whose
 * owner is gone is taken over: it is first renamed to a name of our own (only one process can
 * win that rename), and put back if its owner turned out to be alive after all.
 */
export async function reservePort(port: number, root: string = runRoot()): Promise<boolean> {
  const file = path.join(dirOf(root), String(port));
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeOwnerFile(file, { exclusive: true });
      held.set(port, file);
      if (!exitHook) {
        exitHook = true;
        process.once("exit", releaseAllSync);
      }
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    if (attempt > 0 || !(await takeOverIfStale(file))) return false;
  }
  return false;
}

/** Removes `file` if its owner is gone; true if it is gone now. */
async function takeOverIfStale(file: string): Promise<boolean> {
  const owner = readOwnerFile(file);
  // A file caught between create and write reads as empty: its maker is alive, leave it.
  if (!owner || !(await ownerGone(owner))) return false;
  const aside = `${file}.${process.pid}.stale`;
  try {
    renameSync(file, aside);
  } catch {
    return false; // another process took it over first
  }
  const moved = readOwnerFile(aside);
  if (moved && moved.pid !== owner.pid && !(await ownerGone(moved))) {
    // Between our read and our rename a live process reserved the port anew: give it back.
    try {
      linkSync(aside, file);
    } catch {
      /* someone holds it again; theirs stands */
    }
    rmSync(aside, { force: true });
    return false;
  }
  rmSync(aside, { force: true });
  return true;
}

/** Ends this process's reservations of `ports` (others' are left alone). */
export function releasePorts(ports: Iterable<number>): void {
  for (const port of ports) {
    const file = held.get(port);
    if (!file) continue;
    held.delete(port);
    const owner = readOwnerFile(file);
    if (owner?.pid === process.pid) rmSync(file, { force: true });
  }
}

function releaseAllSync(): void {
  for (const file of held.values()) {
    try {
      if (readOwnerFile(file)?.pid === process.pid) unlinkSync(file);
    } catch {
      /* exiting anyway */
    }
  }
  held.clear();
}

/** Removes reservations whose owner is gone (the reaper's share of a killed run). */
export async function reapReservations(root: string = runRoot()): Promise<number> {
  let removed = 0;
  const names = await readdir(path.join(root, PORTS_DIR)).catch(() => [] as string[]);
  for (const name of names) {
    const file = path.join(root, PORTS_DIR, name);
    if (name.endsWith(".stale")) {
      // left by a takeover whose process died between rename and rm
      const owner = readOwnerFile(file);
      if (!owner || (await ownerGone(owner))) rmSync(file, { force: true });
      continue;
    }
    if (await takeOverIfStale(file)) removed++;
  }
  return removed;
}
