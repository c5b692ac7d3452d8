// A Vitest reporter that turns the playbook tests of a run into results-file entries.
import path from "node:path";
import type { Reporter, TestCase, TestModule, TestRunEndReason } from "vitest/node";
import type { PlaybookResult, StepResult } from "../../schema/results.ts";
import semver from "semver";
import { firstSeen } from "../playbooks/index.ts";
import { takeWatchdogRecords, transformErrors, type EndedStep, type PlaybookMeta, type StepMeta, type WatchdogRecord } from "../vitest/index.ts";
import { mergeResults, resultsPath } from "./results-file.ts";
import { runErrorOf, runErrors, type RunError } from "./run-errors.ts";

export class ResultsReporter implements Reporter {
  /** Where the file was written, once it has been. */
  written: string | undefined;
  readonly entries: PlaybookResult[] = [];

  private readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  /** The run was cut short (Ctrl-C, SIGTERM): its results prove nothing and are not written. */
  interrupted = false;
  /** Steps that never yielded, whose workers the watchdog stopped: the summary prints their errors. */
  watchdog: WatchdogRecord[] = [];
  /** Steps and output blocks scoped to versions none of this run's series has: never checked. */
  readonly unchecked: string[] = [];

  async onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>, reason?: TestRunEndReason): Promise<void> {
    const unhandled = runErrors(errors);
    // A worker its watchdog stopped (a step that never yielded) reported nothing; its record says what happened.
    const records = new Map<string, WatchdogRecord[]>();
    for (const m of modules) {
      const runDir = m.project.getProvidedContext().playbooks?.runDir;
      if (runDir && !records.has(runDir)) records.set(runDir, takeWatchdogRecords(runDir));
    }
    this.watchdog = [...records.values()].flat();
    const scoped = new Map<string, { meta: PlaybookMeta["scoped"]; versions: string[] }>();
    for (const module of modules) {
      const file = path.relative(this.root, module.moduleId).split(path.sep).join("/");
      const record = records.get(module.project.getProvidedContext().playbooks?.runDir ?? "")?.find((r) => r.file === file);
      // A worker the watchdog stopped is its step's STEP_TIMEOUT already.
      const entry = toResult(module, this.root, record, unhandled.filter((e) => !(record && e.workerDied)));
      if (!entry) continue;
      this.entries.push(entry);
      const meta = [...module.children.suites()][0]?.meta().playbook as PlaybookMeta | undefined;
      if (!meta || entry.status === "skipped") continue;
      const seen = scoped.get(entry.file) ?? { meta: meta.scoped, versions: [] };
      seen.versions.push(entry.etcdVersion);
      scoped.set(entry.file, seen);
    }
    for (const [file, { meta, versions }] of scoped) {
      for (const s of meta) {
        if (!versions.some((v) => semver.valid(v) && semver.satisfies(v, s.etcd))) this.unchecked.push(`${file}:${s.line} ${s.what} for etcd ${s.etcd} (this run: ${versions.join(", ")})`);
      }
    }
    // A step cut off mid-way would read as "not run" and its playbook as passed; the file keeps
    // the last complete results instead.
    this.interrupted = reason === "interrupted";
    if (this.entries.length === 0 || this.interrupted) return;
    this.written = resultsPath(this.root);
    await mergeResults(this.written, this.entries, this.root);
  }
}

function toResult(module: TestModule, root: string, record: WatchdogRecord | undefined, unhandled: RunError[]): PlaybookResult | undefined {
  const file = path.relative(root, module.moduleId).split(path.sep).join("/");
  if (!file.endsWith(".mdx")) return undefined;
  const settings = module.project.getProvidedContext().playbooks;
  const suite = [...module.children.suites()][0];
  const pbMeta = suite?.meta().playbook as PlaybookMeta | undefined;
  const tests = suite ? [...suite.children.tests()] : [];
  let cutOff = false;
  const steps = (pbMeta?.steps ?? []).flatMap((d) => {
    const test = tests.find((t) => t.name === d.name);
    if (!test) return [];
    const stopped = record?.step.index === d.index;
    const ended = test.result().state === "pending" ? record?.ended.find((e) => e.index === d.index) : undefined;
    const step = stopped ? fromRecord(test, d, record) : ended ? fromEnded(test, d, ended) : toStep(test, d, cutOff);
    cutOff ||= stopped || (!ended && test.result().state === "pending");
    return [step];
  });
  // A playbook that does not parse fails as a module (the plugin's error carries its code); one
  // whose cluster does not start, or whose teardown fails, as a suite (the meta carries the code).
  const runError = runErrorOf(module.moduleId, file, unhandled);
  const moduleError = module.errors()[0] ?? suite?.errors()[0] ?? runError;
  const errorCode = pbMeta?.error?.code ?? transformErrors.get(module.moduleId)?.code ?? runError?.code;
  const symptomsTest = tests.find((t) => t.name === "symptoms appear");
  const symptoms = (pbMeta?.symptoms ?? []).map((text) => {
    const step = firstSeen(text, steps.map((s) => ({ name: s.name, output: s.output })));
    return { text, seen: step !== undefined, ...(step ? { step } : {}) };
  });
  const failed = moduleError || steps.some((s) => s.status === "failed") || symptomsTest?.result().state === "failed";
  const ran = steps.some((s) => s.status !== "skipped");
  return {
    file,
    title: suite?.name ?? file,
    etcdVersion: pbMeta?.etcdVersion ?? settings?.etcd?.version.version ?? "unknown",
    etcdSeries: pbMeta?.series ?? settings?.series ?? "unknown",
    target: pbMeta?.target ?? (settings?.target ? "endpoints" : "managed"),
    status: failed ? "failed" : ran ? "passed" : "skipped",
    date: new Date().toISOString(),
    durationMs: module.diagnostic().duration,
    members: pbMeta?.members ?? [],
    steps,
    symptoms,
    ...(pbMeta?.provenance ? { provenance: pbMeta.provenance } : {}),
    ...(moduleError ? { error: { code: typeof errorCode === "string" ? errorCode : "STEP_FAILED", message: moduleError.message ?? String(moduleError) } } : {}),
  };
}

/** `afterCutOff`: an earlier step of the playbook never finished (its worker died). */
function toStep(test: TestCase, d: { index: number; line: number; lang: "ts" | "sh" | "go" }, afterCutOff: boolean): StepResult {
  const meta: StepMeta = test.meta().step ?? { ...d, output: "" };
  const result = test.result();
  const base = {
    index: meta.index,
    name: test.name,
    line: meta.line,
    lang: meta.lang,
    durationMs: test.diagnostic()?.duration ?? 0,
    output: meta.output,
  };
  if (result.state === "passed") return { ...base, status: "passed" };
  if (result.state === "failed") {
    const e = result.errors[0];
    return {
      ...base,
      status: "failed",
      // A step's failure is recorded by the step itself; without that record the test failed
      // outside our code (Vitest's own limit, a worker that died mid-step).
      error: meta.error ?? { code: "STEP_FAILED", message: e?.message ?? "failed", line: meta.line },
      ...(meta.snapshot ? { snapshot: meta.snapshot } : {}),
    };
  }
  if (result.state === "pending" && afterCutOff) return { ...base, status: "skipped", reason: "not run: the worker died at an earlier step" };
  if (result.state === "pending") {
    // No result reached the main process: the worker died (killed, out of memory) while this
    // step, or one Vitest had not reported yet, was running. Not "skipped", or the playbook
    // would read as passed.
    const message = "no result: the Vitest worker running this playbook died before this step reported one";
    return { ...base, status: "failed", error: { code: "STEP_FAILED", message, line: meta.line } };
  }
  return { ...base, status: "skipped", reason: (result.state === "skipped" && result.note) || "not run" };
}

/** The step the watchdog stopped: failed with its STEP_TIMEOUT, its output and the members' log tails. */
function fromRecord(test: TestCase, d: { index: number; line: number; lang: "ts" | "sh" | "go" }, record: WatchdogRecord): StepResult {
  const meta = test.meta().step;
  return {
    index: d.index,
    name: test.name,
    line: d.line,
    lang: d.lang,
    durationMs: test.diagnostic()?.duration ?? 0,
    output: record.output || meta?.output || "",
    status: "failed",
    error: record.error,
    ...(record.snapshot ? { snapshot: record.snapshot } : {}),
  };
}

/** A step that ended before the watchdog stopped its worker, as the worker told the watchdog. */
function fromEnded(test: TestCase, d: { index: number; line: number; lang: "ts" | "sh" | "go" }, e: EndedStep): StepResult {
  const base = { index: d.index, name: test.name, line: d.line, lang: d.lang, durationMs: 0, output: e.output };
  if (e.status === "failed") return { ...base, status: "failed", error: e.error ?? { code: "STEP_FAILED", message: "failed", line: d.line } };
  return e.status === "passed" ? { ...base, status: "passed" } : { ...base, status: "skipped", reason: "not run" };
}
