// What a page shows about verification, computed from the results file: pure functions, so the
// rules ("never a badge that no run earned") are tested without a browser.
import { isAbsolute, resolve } from "node:path";
import semver from "semver";
import { DEFAULT_RANGE, RUNNABLE_SERIES } from "../../schema/series.ts";
import type { PlaybookResult, ResultsFile, StepResult } from "../../schema/results.ts";

// A series appears on a page when the playbook's range covers it and the runner supports it or
// the results file holds runs of it.

const byFile = new WeakMap<ResultsFile, Map<string, Map<string, PlaybookResult>>>();

/**
 * Runs of one playbook file, by etcd series. The entries' paths are relative to the repository
 * root, where the runner and the build both run (`cwd`). Indexed once per results file: a page
 * asks once per step.
 */
export function runsOf(results: ResultsFile | undefined, absFile: string, cwd = process.cwd()): Map<string, PlaybookResult> {
  if (!results) return new Map();
  let index = byFile.get(results);
  if (!index) {
    index = new Map();
    for (const run of results.playbooks) {
      const path = isAbsolute(run.file) ? run.file : resolve(cwd, run.file);
      if (!index.has(path)) index.set(path, new Map());
      index.get(path)!.set(run.etcdSeries, run);
    }
    byFile.set(results, index);
  }
  return index.get(absFile) ?? new Map();
}

function covers(range: string | undefined, series: string): boolean {
  if (!range) return true; // a step with no etcd="…" runs on every series its page claims
  try {
    return semver.intersects(range, `${series}.x`, { includePrerelease: true });
  } catch {
    return true;
  }
}

/** The series a playbook is shown for: runnable or run, and inside its `etcd` range. */
export function seriesOf(results: ResultsFile | undefined, range: string | undefined): string[] {
  const all = new Set<string>(RUNNABLE_SERIES);
  for (const run of results?.playbooks ?? []) all.add(run.etcdSeries);
  return [...all]
    .filter((s) => covers(range ?? DEFAULT_RANGE, s))
    .sort((a, b) => semver.compare(semver.coerce(a)!, semver.coerce(b)!));
}

export type Verdict =
  | { kind: "ran"; series: string; run: PlaybookResult; step: StepResult }
  | { kind: "missing"; series: string; why: string };

/** One step's verdict per series; `stepRange` is the step's own `etcd="…"`, if any. */
export function stepVerdicts(runs: Map<string, PlaybookResult>, series: string[], name: string, stepRange?: string): Verdict[] {
  return series.map((s): Verdict => {
    const run = runs.get(s);
    if (!run) return { kind: "missing", series: s, why: "not verified in this build" };
    const step = run.steps.find((st) => st.name === name);
    if (step) return { kind: "ran", series: s, run, step };
    if (!covers(stepRange, s)) return { kind: "missing", series: s, why: `not run: this step is for etcd ${stepRange}` };
    if (run.status === "failed") return { kind: "missing", series: s, why: "not run: the playbook failed before this step" };
    return { kind: "missing", series: s, why: "not verified in this build (the run has no such step)" };
  });
}

/** Human words for a step status. */
export const STATUS_LABEL = { passed: "passed", failed: "failed", skipped: "not run" } as const;
