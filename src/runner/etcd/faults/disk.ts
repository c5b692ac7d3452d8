// Disk faults injected into one member's system calls with strace (`-e inject=…`), which starts
// etcd as its child: a delayed fdatasync is a slow disk, an errno an I/O error or a full disk.
// Only the faulted calls stop the process (--seccomp-bpf), so everything else runs at full speed.
// strace passes on etcd's exit (status or signal), so the member sees the exit it would have seen.
// File filters (-P) match exact paths only, so `files` names the files etcd will write: those
// there at start, and the names a fresh or next WAL segment gets.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { diskFaultsSchema, type DiskFaultsShape } from "../../../schema/frontmatter.ts";
import { friendlyIssues } from "../../../schema/friendly.ts";
import { PlaybookError } from "../../errors/index.ts";
import { DebianToolError, ensureDebianTool, findTool } from "../../os/index.ts";
import type { DiskFaults } from "./types.ts";

export const STRACE = { package: "strace", binary: "/usr/bin/strace" };

/** Parses a step's disk faults (the frontmatter's are parsed already); FAULT_INVALID names the problem. */
export function parseDiskFaults(input: DiskFaults | DiskFaultsShape): DiskFaultsShape {
  const r = diskFaultsSchema.safeParse(input);
  if (!r.success) {
    const problems = friendlyIssues(r.error).map((i) => `${i.path ? `${i.path}: ` : ""}${i.message}`);
    throw new PlaybookError("FAULT_INVALID", `impossible disk fault: ${problems.join("; ")}`, {
      hint: 'For example { fdatasync: { delay: "1500ms" } }, { write: { error: "EIO" }, files: "wal" } or { full: true }.',
    });
  }
  return r.data;
}

/** Whether the faults need strace (a `size` alone is a filesystem, not a tracer). */
export function needsTracer(disk: DiskFaultsShape | undefined): boolean {
  return disk !== undefined && (disk.fdatasync !== undefined || disk.fsync !== undefined || disk.write !== undefined || disk.full === true);
}

/**
 * strace's binary, installed from Debian when missing and we are root; FAULT_UNAVAILABLE otherwise.
 * A path given by the caller is taken as it is: missing, it is not installed but reported.
 */
export async function tracer(given?: string): Promise<string> {
  if (given !== undefined) {
    if (existsSync(given)) return given;
    throw new PlaybookError("FAULT_UNAVAILABLE", `disk faults need strace, and ${given} does not exist`, { hint: "Install Debian's strace (apt-get install strace), or leave the disk faults out." });
  }
  try {
    return await ensureDebianTool(STRACE, { timeoutMs: 5 * 60_000 });
  } catch (error) {
    const why = error instanceof DebianToolError ? error.message : String(error);
    throw new PlaybookError("FAULT_UNAVAILABLE", `disk faults need strace, and it cannot be had here: ${why}`, {
      hint: "Install Debian's strace (apt-get install strace), or leave the disk faults out.",
      cause: error,
    });
  }
}

/**
 * Before a run: strace installed when it is missing and this process may install it (root), so
 * that no step's time limit has to cover apt-get. Never fails the run: a playbook with disk
 * faults says what is missing when it gets there.
 */
export async function provideTracer(onWarning: (line: string) => void): Promise<void> {
  if (findTool(STRACE) || process.getuid?.() !== 0) return;
  await ensureDebianTool(STRACE, { timeoutMs: 5 * 60_000 }).catch((error: Error) => onWarning(`warning: strace for disk faults could not be installed: ${error.message}`));
}

function fileList(dataDir: string, files: "wal" | "db" | undefined): string[] {
  const member = path.join(dataDir, "member");
  const wal = path.join(member, "wal");
  const existing = (() => {
    try {
      return readdirSync(wal).filter((n) => n.endsWith(".wal")).map((n) => path.join(wal, n));
    } catch {
      return [];
    }
  })();
  // A fresh WAL is written in wal.tmp/ and renamed; the next segments are preallocated as N.tmp.
  const fresh = "0000000000000000-0000000000000000.wal";
  const walFiles = [...existing, path.join(wal, fresh), path.join(`${wal}.tmp`, fresh), path.join(wal, "0.tmp"), path.join(wal, "1.tmp")];
  const dbFiles = [path.join(member, "snap", "db")];
  return files === "wal" ? walFiles : files === "db" ? dbFiles : [...walFiles, ...dbFiles];
}

function inject(calls: string[], fault: { delay?: number; error?: string }): string[] {
  const how = [fault.error ? `error=${fault.error}` : "", fault.delay ? `delay_exit=${Math.round(fault.delay * 1000)}` : ""].filter(Boolean).join(":");
  return calls.map((call) => `--inject=${call}:${how}`);
}

/** The command that runs `etcdArgs` (binary first) under strace with `disk`'s faults. */
export function tracedCommand(strace: string, etcdArgs: readonly string[], dataDir: string, disk: DiskFaultsShape): string[] {
  const injects: string[] = [];
  const traced = new Set<string>();
  const add = (calls: string[], fault: { delay?: number; error?: string } | undefined) => {
    if (!fault) return;
    injects.push(...inject(calls, fault));
    for (const c of calls) traced.add(c);
  };
  add(["fdatasync"], disk.fdatasync);
  add(["fsync"], disk.fsync);
  add(["write", "pwrite64"], disk.write);
  if (disk.full) add(["write", "pwrite64", "fallocate"], { error: "ENOSPC" });
  // Writes to stdout and stderr (etcd's log) must go on: writes are always limited to data files.
  const writes = disk.write !== undefined || disk.full === true;
  const paths = disk.files || writes ? fileList(dataDir, disk.files).flatMap((p) => ["-P", p]) : [];
  return [strace, "-f", "-qq", "--seccomp-bpf", "-o", "/dev/null", `--trace=${[...traced].join(",")}`, ...paths, ...injects, "--", ...etcdArgs];
}
