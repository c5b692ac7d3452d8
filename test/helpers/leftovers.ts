// The promise of issue 5, checked from the outside: after a run, none of its etcd processes and
// none of its directories are left.
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { runRoot } from "../../src/runner/os/index.ts";
import type { ResultsFile } from "../../src/schema/results.ts";
import { ROOT } from "./cli.ts";
import { etcdNaming, isGone, runDirsOwnedBy } from "./procs.ts";

export const RUN_ROOT = runRoot();

/** The run dir holding a member's data dir: `<run root>/run-XXXX`. */
export function runDirOf(dataDir: string): string {
  const rel = path.relative(RUN_ROOT, dataDir).split(path.sep)[0]!;
  expect(rel).toMatch(/^run-/);
  return path.join(RUN_ROOT, rel);
}

/** Members the fixtures' first step noted (`pid N data D`), from a results file. */
export function notedMembers(results: ResultsFile): { pid: number; dataDir: string }[] {
  return results.playbooks.flatMap((p) =>
    p.steps.flatMap((s) => [...s.output.matchAll(/pid (\d+) data (\S+)/g)].map((m) => ({ pid: Number(m[1]), dataDir: m[2]! }))),
  );
}

export function expectNoLeftovers(options: { pids: number[]; runDirs: string[]; runnerPid?: number }): void {
  expect(options.pids.length + options.runDirs.length, "a check needs something to look for").toBeGreaterThan(0);
  for (const pid of options.pids) expect(isGone(pid), `pid ${pid} is gone`).toBe(true);
  for (const dir of options.runDirs) {
    expect(etcdNaming(dir), `etcd processes naming ${dir}`).toEqual([]);
    expect(existsSync(dir), `${dir} is removed`).toBe(false);
  }
  if (options.runnerPid !== undefined) expect(runDirsOwnedBy(RUN_ROOT, options.runnerPid)).toEqual([]);
}

/**
 * A failed playbook's member dirs are kept on purpose (README: "kept on failure"), moved out of
 * the run dir and printed; the test checks that they are where the output says, then removes them.
 */
export function takeKeptDirs(out: string): string[] {
  // "…: data dirs kept at X" after a failed step; "(data dirs and logs kept at X)" in the error of
  // a cluster that did not start, which the report repeats.
  const kept = [...new Set([...out.matchAll(/data dirs (?:and logs )?kept at ([^\s)]+)/g)].map((m) => m[1]!))];
  for (const dir of kept) {
    expect(path.resolve(dir).startsWith(path.join(ROOT, ".playbook-results", "kept"))).toBe(true);
    expect(existsSync(path.join(dir, "m0")), `${dir}/m0 exists`).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  }
  return kept;
}
