// The one owner-record format: which process made a run dir, a lock or a port reservation. A
// record whose process is gone — or whose pid now belongs to a newer process — is stale, and
// whoever finds it may take the thing over.
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { isAlive, startedAtMs } from "./proc.ts";

export interface Owner {
  pid: number;
  /** ISO time the owner wrote the record. */
  startedAt: string;
  hostname: string;
}

/** A record naming this process. */
export function ownRecord(): Owner {
  return { pid: process.pid, startedAt: new Date().toISOString(), hostname: os.hostname() };
}

/** Writes this process's record to `file`; `exclusive` fails with EEXIST when the file exists. */
export function writeOwnerFile(file: string, options: { exclusive?: boolean } = {}): void {
  writeFileSync(file, JSON.stringify(ownRecord()), { flag: options.exclusive ? "wx" : "w", mode: 0o600 });
}

/** The record in `file`; undefined when it is missing, half-written or not a record. */
export function readOwnerFile(file: string): Owner | undefined {
  try {
    const owner = JSON.parse(readFileSync(file, "utf8")) as Partial<Owner>;
    return typeof owner.pid === "number" && typeof owner.startedAt === "string" && typeof owner.hostname === "string" ? (owner as Owner) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the process a record names is gone (a pid reused by a newer process counts as gone). */
export async function ownerGone(owner: Owner): Promise<boolean> {
  if (owner.hostname !== os.hostname()) return false; // cannot check another host's pids
  if (owner.pid === process.pid) return false;
  if (!(await isAlive(owner.pid))) return true;
  const started = await startedAtMs(owner.pid);
  // The pid is alive but its process began after the record was written: a reused pid.
  return started !== undefined && started > Date.parse(owner.startedAt) + 1_000;
}
