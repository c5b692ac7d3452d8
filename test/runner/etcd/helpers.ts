// Shared by the etcd layer's tests: the binaries of every supported series (through
// resolveEtcd, so a first run also exercises provisioning into the user's cache), a run dir per
// test file that is reaped afterwards, and process checks.
import { afterAll, beforeAll, expect } from "vitest";
import { newRunDir, reapRunDir, resolveEtcd, type EtcdBinary } from "../../../src/runner/etcd/index.ts";
import { SUPPORTED_SERIES } from "../../../src/schema/series.ts";

const resolved = new Map<string, Promise<EtcdBinary>>();

export function binary(series: string): Promise<EtcdBinary> {
  let p = resolved.get(series);
  if (!p) resolved.set(series, (p = resolveEtcd({ series, onProgress: (line) => process.stderr.write(`${line}\n`) })));
  return p;
}

export const SERIES = [...SUPPORTED_SERIES];

/**
 * The fault primitives (proxies, strace, stalls, certificates) act on the process and its sockets,
 * not on etcd's code: their tests run on the newest series only. How each series reacts to a
 * fault is what the playbooks check, and they run on every series they claim.
 */
export const FAULT_SERIES = [SUPPORTED_SERIES.at(-1)!];

/** A run dir for this file; afterwards it must hold no etcd process (teardowns did their job). */
export function useRunDir(): () => string {
  let dir = "";
  beforeAll(async () => {
    dir = await newRunDir();
  });
  afterAll(async () => {
    const report = await reapRunDir(dir);
    expect(report.killed, "etcd processes left running after the tests' teardowns").toEqual([]);
  });
  return () => dir;
}

/** True when no process has this pid (ESRCH); a zombie would still count as present. */
export function pidGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
