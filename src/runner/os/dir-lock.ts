// A cross-process lock made of a directory: mkdir is atomic on every local file system, so one
// caller wins and the others wait. The winner writes its owner record; a lock whose owner is gone
// is stale and is broken, so a download killed half-way does not block the next run.
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { ownerGone, readOwnerFile, writeOwnerFile } from "./owner-file.ts";

const OWNER_FILE = "owner.json";
/** A lock dir with no owner file yet is being created; past this age its creator died. */
const OWNERLESS_GRACE_MS = 10_000;
const POLL_MS = 100;

export interface LockOptions {
  /** Give up waiting after this long. */
  timeoutMs: number;
  /** Called once when the lock is held by someone else and we start waiting. */
  onWait?: (owner: string) => void;
}

export class LockTimeoutError extends Error {}

async function isStale(dir: string): Promise<boolean> {
  const owner = readOwnerFile(path.join(dir, OWNER_FILE));
  if (!owner) {
    const info = await stat(dir).catch(() => undefined);
    return info !== undefined && Date.now() - info.mtimeMs > OWNERLESS_GRACE_MS;
  }
  // A lock taken on another host (shared home over NFS) cannot be checked: ownerGone says no.
  return ownerGone(owner);
}

/** Breaks a stale lock: rename first so that two breakers cannot both remove a fresh lock. */
async function breakLock(dir: string): Promise<void> {
  const aside = `${dir}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
  await rename(dir, aside).catch(() => undefined);
  await rm(aside, { recursive: true, force: true });
}

/** Runs `fn` holding the lock `dir`; waits (bounded) while another process holds it. */
export async function withDirLock<T>(dir: string, options: LockOptions, fn: () => Promise<T>): Promise<T> {
  const deadline = performance.now() + options.timeoutMs;
  let waited = false;
  for (;;) {
    try {
      await mkdir(dir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    if (await isStale(dir)) {
      await breakLock(dir);
      continue;
    }
    if (!waited) {
      waited = true;
      const owner = readOwnerFile(path.join(dir, OWNER_FILE));
      options.onWait?.(owner ? `pid ${owner.pid} since ${owner.startedAt}` : "a process starting up");
    }
    if (performance.now() >= deadline) {
      throw new LockTimeoutError(`lock ${dir} still held after ${Math.round(options.timeoutMs / 1000)} s`);
    }
    // No portable event tells us a directory went away; a short poll bounded by the deadline.
    await delay(POLL_MS);
  }
  writeOwnerFile(path.join(dir, OWNER_FILE));
  try {
    return await fn();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
