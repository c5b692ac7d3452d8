// Prints, after Vitest's own report, one line per playbook and etcd series, where the results
// went, and a closing `steps: N passed, N failed, N skipped` line (the form CI logs are read for).
import type { Reporter } from "vitest/node";
import { formatDuration } from "../../schema/duration.ts";
import type { ResultsReporter } from "./results-reporter.ts";

export class SummaryReporter implements Reporter {
  private readonly results: ResultsReporter;
  private readonly out: NodeJS.WritableStream;

  constructor(results: ResultsReporter, out: NodeJS.WritableStream = process.stdout) {
    this.results = results;
    this.out = out;
  }

  onTestRunEnd(): void {
    const entries = this.results.entries;
    if (this.results.interrupted) {
      this.out.write("\nThe run was interrupted: the results file was not updated.\n");
      return;
    }
    if (entries.length === 0) return;
    const counts = { passed: 0, failed: 0, skipped: 0 };
    // A step whose worker the watchdog stopped has no report of Vitest's beyond the worker's death.
    const lines = this.results.watchdog.flatMap((r) => ["", r.error.message]);
    lines.push("", "Playbooks:");
    for (const e of entries) {
      for (const s of e.steps) counts[s.status]++;
      const mark = e.status === "passed" ? "✓" : e.status === "failed" ? "✗" : "-";
      const failedStep = e.steps.find((s) => s.status === "failed");
      const unseen = e.symptoms.find((sy) => !sy.seen);
      const where =
        failedStep?.status === "failed"
          ? `  ${e.file}:${failedStep.error.line ?? failedStep.line} step "${failedStep.name}"`
          : e.error
            ? `  ${e.error.message.split("\n")[0]}`
            : e.status === "failed" && unseen
              ? `  symptom ${JSON.stringify(unseen.text)} never appeared [SYMPTOM_NOT_SEEN]`
              : "";
      lines.push(`  ${mark} ${e.file} [etcd ${e.etcdVersion}] ${formatDuration(e.durationMs)}${where}`);
    }
    if (this.results.unchecked.length > 0) {
      lines.push("Not checked in this run (scoped to versions it did not run):", ...this.results.unchecked.map((u) => `  ${u}`));
    }
    if (this.results.written) lines.push(`Results written to ${this.results.written}`);
    lines.push(`steps: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
    this.out.write(`${lines.join("\n")}\n`);
  }
}
