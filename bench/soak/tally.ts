// Counts step outcomes over the runs of a soak: a step that failed in some runs and passed in
// others is flaky; one that failed in every run it ran is broken (not flaky, and listed apart).
import type { ResultsFile } from "../../src/schema/results.ts";

export interface StepTally {
  file: string;
  step: string;
  series: string;
  passed: number;
  failed: number;
  /** Each distinct failure: code and the first line of its message, with how often it came. */
  errors: Map<string, number>;
}

export class Tally {
  readonly steps = new Map<string, StepTally>();

  add(results: ResultsFile): void {
    for (const p of results.playbooks) {
      // A playbook that failed as a whole (did not parse, cluster did not start) counts as a step.
      const steps = p.error ? [{ name: "(playbook)", status: "failed" as const, error: p.error }] : p.steps;
      for (const s of steps) {
        if (s.status === "skipped") continue;
        const key = `${p.file}\0${s.name}\0${p.etcdSeries}`;
        const t = this.steps.get(key) ?? { file: p.file, step: s.name, series: p.etcdSeries, passed: 0, failed: 0, errors: new Map() };
        this.steps.set(key, t);
        if (s.status === "passed") t.passed++;
        else {
          t.failed++;
          // Values that differ from run to run (ports, pids, timings, random numbers) would make
          // one cause look like many.
          const head = s.error.message.split("\n")[0]!.replace(/\d+\.\d+|\d{4,}/g, "#");
          const why = `${s.error.code}: ${head.slice(0, 200)}`;
          t.errors.set(why, (t.errors.get(why) ?? 0) + 1);
        }
      }
    }
  }

  flaky(): StepTally[] {
    return [...this.steps.values()].filter((t) => t.failed > 0 && t.passed > 0).sort((a, b) => b.failed - a.failed);
  }

  broken(): StepTally[] {
    return [...this.steps.values()].filter((t) => t.failed > 0 && t.passed === 0);
  }
}

export function describeStep(t: StepTally): string {
  const head = `  ${t.file} [${t.series}] step "${t.step}": failed ${t.failed} of ${t.passed + t.failed}`;
  return [head, ...[...t.errors].map(([why, n]) => `      ${n}× ${why}`)].join("\n");
}
