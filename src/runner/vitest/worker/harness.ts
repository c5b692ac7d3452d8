// Runs inside a Vitest worker: registers one describe per playbook and one test per step, in
// document order, plus a last test proving the frontmatter's symptoms appeared. The generated
// module (../../playbooks/codegen.ts) calls runPlaybook with the playbook's data and its steps' body.
import { afterAll, beforeAll, describe, inject, test } from "vitest";
import semver from "semver";
import { PROGRAM_BUILD_LIMIT_MS } from "../../etcd/index.ts";
import type { PlaybookModuleMeta } from "../../playbooks/index.ts";
import type { WorkerSettings } from "../settings.ts";
import { dropEtcdEnvironment } from "./env.ts";
import { PlaybookRun, type Body } from "./run.ts";

dropEtcdEnvironment();
// Ctrl-C in a terminal signals the whole process group, workers included. The main process
// decides what a Ctrl-C does (src/cli/signals.ts: cancel, let workers tear down, reap); a worker
// that died of the signal would only add a "worker exited unexpectedly" error to the report. If
// the main process is gone, Vitest's watchdog kills the workers.
process.on("SIGINT", () => {});

/** Room for the failure snapshot after a step's own limit fires, before Vitest's limit would. */
const SNAPSHOT_MARGIN_MS = 15_000;

export function runPlaybook(meta: PlaybookModuleMeta, body: Body): void {
  // The global set-up completed the settings (runDir, etcd) before any worker started.
  const settings = inject("playbooks") as WorkerSettings;
  const fm = meta.frontmatter;
  const version = settings.etcd?.version.version;
  const outOfRange = version !== undefined && settings.target === undefined && !semver.satisfies(version, fm.etcd);
  const refused = settings.target !== undefined && fm.destructive;
  const skipReason = outOfRange
    ? `declares etcd ${fm.etcd}; this run uses ${version}`
    : refused
      ? "destructive playbook: not run against --endpoints"
      : undefined;

  describe(fm.title, () => {
    if (skipReason) {
      test.skip(`skipped: ${skipReason}`, () => {});
      return;
    }
    const run = new PlaybookRun(meta, settings, body);
    // go steps are built in the set-up: a first build against a version compiles etcd's packages.
    const buildLimit = meta.steps.some((s) => s.lang === "go") ? PROGRAM_BUILD_LIMIT_MS : 0;
    beforeAll(({}, suite) => run.setup(suite), 120_000 + buildLimit);
    for (const step of meta.steps) {
      const limit = step.timeoutMs ?? fm.timeout ?? settings.defaultTimeoutMs;
      test(step.name, (ctx) => run.step(step.index, ctx), limit + SNAPSHOT_MARGIN_MS);
    }
    const printed = fm.symptoms.filter((s) => !s.etcd || version === undefined || semver.satisfies(version, s.etcd));
    if (printed.length > 0) test("symptoms appear", (ctx) => run.checkSymptoms(ctx));
    // With --until … --keep, teardown waits until the user presses Ctrl-C: no time limit then.
    afterAll(({}, suite) => run.teardown(suite), settings.controlDir ? 0 : 60_000);
  });
}
