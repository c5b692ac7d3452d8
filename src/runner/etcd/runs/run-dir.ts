// Run dirs: one per runner process (or worker) under the per-user root (os/scratch-root.ts). Each
// holds an owner record so that a later run can tell a dead run's leftovers from a live run's.
import { readdirSync } from "node:fs";
import { mkdtemp, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { ownerGone, readOwnerFile, runRoot, writeOwnerFile, type Owner } from "../../os/index.ts";

export const OWNER_FILE = "owner.json";
export const RUN_PREFIX = "run-";
/** A run dir that has no owner file yet is being made; older than this, its maker died. */
const OWNERLESS_GRACE_MS = 60_000;

/** A fresh run dir owned by this process. */
export async function newRunDir(root: string = runRoot()): Promise<string> {
  const dir = await mkdtemp(path.join(root, RUN_PREFIX));
  writeOwner(dir);
  return dir;
}

/** Marks `dir` as this process's. */
export function writeOwner(dir: string): void {
  writeOwnerFile(path.join(dir, OWNER_FILE));
}

export function readOwner(dir: string): Owner | undefined {
  return readOwnerFile(path.join(dir, OWNER_FILE));
}

/** Whether the process that made `dir` is gone (a pid reused by a newer process counts as gone). */
export async function ownerIsDead(dir: string): Promise<boolean> {
  const owner = readOwner(dir);
  if (!owner) {
    const info = await stat(dir).catch(() => undefined);
    return info !== undefined && Date.now() - info.mtimeMs > OWNERLESS_GRACE_MS;
  }
  return ownerGone(owner);
}

/** Every run dir under `root`. */
export async function runDirs(root: string = runRoot()): Promise<string[]> {
  const names = await readdir(root).catch(() => [] as string[]);
  return names.filter((n) => n.startsWith(RUN_PREFIX)).map((n) => path.join(root, n));
}

/** The same, synchronously (for an "exit" listener). */
export function runDirsSync(root: string): string[] {
  try {
    return readdirSync(root)
      .filter((n) => n.startsWith(RUN_PREFIX))
      .map((n) => path.join(root, n));
  } catch {
    return [];
  }
}
