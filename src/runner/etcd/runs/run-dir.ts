// Run dirs: one per runner process (or worker), under a per-user root on tmpfs when there is
// one — etcd fsyncs its WAL on every write, and on tmpfs an fsync costs nothing. Each run dir
// holds an owner file so that a later run can tell a dead run's leftovers from a live run's.
import { accessSync, constants, mkdirSync, readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { isAlive, startedAtMs } from "../../os/proc.ts";

export const OWNER_FILE = "owner.json";
export const RUN_PREFIX = "run-";

export interface RunOwner {
  pid: number;
  /** ISO time the owner wrote the file. */
  startedAt: string;
  hostname: string;
}

function uid(): string {
  return typeof process.getuid === "function" ? String(process.getuid()) : os.userInfo().username;
}

/** `/dev/shm/etcd-playbooks-<uid>` when /dev/shm is writable, else `<tmpdir>/etcd-playbooks-<uid>`. */
export function runRoot(): string {
  const name = `etcd-playbooks-${uid()}`;
  for (const base of ["/dev/shm", os.tmpdir()]) {
    const root = path.join(base, name);
    try {
      mkdirSync(root, { recursive: true, mode: 0o700 });
      accessSync(root, constants.W_OK);
      return root;
    } catch {
      // not writable here: try the next base
    }
  }
  throw new Error(`no writable place for run dirs in /dev/shm or ${os.tmpdir()}`);
}

/** A fresh run dir owned by this process. */
export async function newRunDir(root: string = runRoot()): Promise<string> {
  const dir = await mkdtemp(path.join(root, RUN_PREFIX));
  await writeOwner(dir);
  return dir;
}

/** Marks `dir` as this process's. */
export async function writeOwner(dir: string): Promise<void> {
  const owner: RunOwner = { pid: process.pid, startedAt: new Date().toISOString(), hostname: os.hostname() };
  await writeFile(path.join(dir, OWNER_FILE), JSON.stringify(owner));
}

/** An owner record from `file` (a run dir's owner.json, a port reservation); undefined if unreadable. */
export function readOwnerFile(file: string): RunOwner | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as RunOwner;
  } catch {
    return undefined;
  }
}

export async function readOwner(runDir: string): Promise<RunOwner | undefined> {
  return readOwnerFile(path.join(runDir, OWNER_FILE));
}

/** Whether the process an owner record names is gone (a pid reused by a newer process counts as gone). */
export async function ownerGone(owner: RunOwner): Promise<boolean> {
  if (owner.hostname !== os.hostname()) return false; // cannot check another host's pids
  if (owner.pid === process.pid) return false;
  if (!(await isAlive(owner.pid))) return true;
  const started = await startedAtMs(owner.pid);
  // The pid is alive but the process began after the owner file was written: a reused pid.
  return started !== undefined && started > Date.parse(owner.startedAt) + 1_000;
}
