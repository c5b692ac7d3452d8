// One playbook's run inside a worker: starts its cluster, drives the steps' body through the
// gate, turns every failure into a located PlaybookError with a cluster snapshot, and tears down.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import semver from "semver";
import type { RunnerTestSuite, TestContext } from "vitest";
import { createStepContext, type StepContext } from "../../context/index.ts";
import { claimScratchDir, killStepProcesses, releaseScratchDir } from "../../etcd/index.ts";
import { PlaybookError, isPlaybookError } from "../../errors/index.ts";
import type { PlaybookModuleMeta } from "../../playbooks/index.ts";
import type { PlaybookMeta, StepMeta } from "../meta.ts";
import type { WorkerSettings } from "../settings.ts";
import { StepGate } from "./gate.ts";
import { keepUntilReleased, resolveUntil } from "./keep.ts";
import { frontmatterLine, located, timeoutError } from "./located.ts";
import { keptDir, openCluster, type RunnableCluster } from "./open-cluster.ts";
import { GoSteps } from "./go-steps.ts";
import { playbookMetaOf } from "./suite-meta.ts";
import { runShStep } from "./sh-step.ts";
import { checkStepOutputs } from "./step-outputs.ts";
import { symptomsOf, unseenSymptoms } from "./symptoms-check.ts";
import { Watchdog } from "./watchdog.ts";

export type StepsApi = { begin(i: number): Promise<boolean>; end(i: number): void; sh(i: number): Promise<void>; go(i: number): Promise<void> };
export type Body = (ctx: StepContext, steps: StepsApi) => Promise<void>;

/** Room for the failure snapshot (etcdctl against every member) once a step's own timer fired. */
const SNAPSHOT_ROOM_MS = 15_000;
/** The harness's limit for the teardown hook; the watchdog allows it after the last step. */
const TEARDOWN_LIMIT_MS = 60_000;

export class PlaybookRun {
  private cluster: RunnableCluster | undefined;
  private readonly gate: StepGate;
  private readonly outputs: string[];
  private broken: string | undefined;
  private failed = false;
  private readonly stopAfter: number | undefined;
  private current = -1;
  private tmpdir = "";
  private readonly go: GoSteps;
  private watchdog: Watchdog | undefined;

  private readonly meta: PlaybookModuleMeta;
  private readonly settings: WorkerSettings;
  private readonly body: Body;

  constructor(meta: PlaybookModuleMeta, settings: WorkerSettings, body: Body) {
    this.meta = meta;
    this.settings = settings;
    this.body = body;
    this.gate = new StepGate(meta.steps.length);
    this.outputs = meta.steps.map(() => "");
    this.stopAfter = resolveUntil(settings.until, meta);
    this.go = new GoSteps(meta, settings.cacheDir);
  }

  async setup(suite: Readonly<RunnerTestSuite>): Promise<void> {
    const s = this.settings;
    const suiteMeta = playbookMetaOf(this.meta, s);
    (suite.meta as { playbook?: PlaybookMeta }).playbook = suiteMeta;
    this.tmpdir = path.join(s.runDir, "tmp", this.meta.file.replace(/[^\w.-]+/g, "_"));
    await mkdir(this.tmpdir, { recursive: true });
    claimScratchDir(this.tmpdir); // should this worker die, the main process stops what it started
    this.watchdog = new Watchdog({ file: this.meta.file, runDir: s.runDir });
    let cluster: RunnableCluster;
    try {
      // go steps are built first: a compile error is reported at its line before any member starts.
      const version = s.etcd?.version.version;
      await this.go.prepare(version, (st) => !st.etcd || (version !== undefined && semver.satisfies(version, st.etcd)), (l) => process.stderr.write(`${l}\n`));
      cluster = await openCluster(this.meta, s);
    } catch (error) {
      this.failed = true;
      // The members the frontmatter's `cluster:` asks for did not start (or a go step's build failed, at its line).
      const shown = located(error, s.root, this.meta.file, frontmatterLine(s.root, this.meta.file, "cluster"));
      suiteMeta.error = { code: isPlaybookError(error) ? error.code : "ETCD_START_FAILED", message: shown.message, line: shown.line };
      throw shown;
    }
    this.cluster = cluster;
    suiteMeta.members = cluster.memberRuns();
    const ctx = createStepContext({
      cluster,
      version: s.etcd?.version ?? { version: "unknown", series: s.series, major: 0, minor: 0, patch: 0 },
      tmpdir: this.tmpdir,
      log: (text) => {
        if (this.current < 0) return;
        this.outputs[this.current] += text;
        this.watchdog?.output(text);
      },
      programs: { get: (name) => this.go.program(name), env: () => this.go.env() },
    });
    const api: StepsApi = {
      begin: (i) => {
        this.current = i;
        return this.gate.begin(i);
      },
      end: (i) => this.gate.end(i),
      sh: (i) => this.runSh(i),
      go: (i) => this.go.run(i, { ...this.stepProcess(i), env: { ...cluster.env(), TMPDIR_PLAYBOOK: this.tmpdir } }),
    };
    // The body runs beside the tests; a throw fails the step it is in (gate.fail).
    this.body(ctx, api).catch((error: unknown) => this.gate.fail(error));
  }

  async step(index: number, ctx: TestContext): Promise<void> {
    const step = this.meta.steps[index]!;
    this.watch("step", index, step.timeoutMs ?? this.meta.frontmatter.timeout ?? this.settings.defaultTimeoutMs);
    const meta = ctx.task.meta as { step?: StepMeta };
    let status: "passed" | "failed" | "skipped" = "skipped";
    try {
      await this.runStep(index, ctx);
      status = "passed";
    } catch (error) {
      if (meta.step?.error) status = "failed";
      throw error;
    } finally {
      const { output = "", error } = meta.step ?? {};
      this.watchdog?.ended({ index, status, output, ...(error ? { error } : {}) });
      // Until the next step begins, code this one left running (a timer, a callback) must not block the worker.
      this.watch("after", this.current, this.settings.defaultTimeoutMs);
    }
  }

  /** Tells the watchdog what the worker does now, blaming step `index` if it never comes back. */
  private watch(kind: "step" | "after", index: number, limitMs: number): void {
    const step = this.meta.steps[index];
    if (!this.watchdog || !step) return this.watchdog?.disarm();
    // Steps can add members: the log tails the watchdog would show are those of the members now.
    const members = (this.cluster?.members ?? []).filter((m) => m.dataDir).map((m) => ({ name: m.name, dir: path.dirname(m.dataDir) }));
    this.watchdog.members(members);
    this.watchdog.arm({ kind, step: { index, name: step.name, line: step.line }, limitMs });
  }

  private async runStep(index: number, ctx: TestContext): Promise<void> {
    const step = this.meta.steps[index]!;
    const meta: StepMeta = { index, line: step.line, lang: step.lang, output: "" };
    (ctx.task.meta as { step?: StepMeta }).step = meta;
    if (this.broken) return ctx.skip(this.broken);
    if (this.stopAfter !== undefined && index > this.stopAfter) return ctx.skip(`after --until step ${this.stopAfter + 1}`);
    const version = this.settings.etcd?.version.version;
    const runs = !step.etcd || (version !== undefined && semver.satisfies(version, step.etcd));
    if (this.settings.target && step.destructive) {
      this.broken = `step "${step.name}" is destructive and was refused`;
      const refused = new PlaybookError("DESTRUCTIVE_REFUSED", `step "${step.name}" is marked destructive; it never runs against --endpoints`, {
        file: this.meta.file,
        line: step.line,
        hint: "Against a user's cluster only read-only steps run; this one runs on clusters the runner starts.",
      });
      const shown = located(refused, this.settings.root, this.meta.file, step.line);
      meta.error = { code: refused.code, message: shown.message, line: step.line };
      throw shown;
    }
    const limit = step.timeoutMs ?? this.meta.frontmatter.timeout ?? this.settings.defaultTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.watchdog?.extend(SNAPSHOT_ROOM_MS);
        reject(timeoutError(this.meta.file, step.line, limit, this.outputs[index]!));
      }, limit);
    });
    if (!runs) {
      await this.gate.run(index, false);
      clearTimeout(timer);
      return ctx.skip(`runs on etcd ${step.etcd}; this run uses ${version}`);
    }
    try {
      await Promise.race([this.gate.run(index, true), timeout]);
      checkStepOutputs(this.meta.file, step, this.outputs[index]!, version);
    } catch (error) {
      this.failed = true;
      this.broken = `an earlier step failed: "${step.name}"`;
      const err = located(error, this.settings.root, this.meta.file, step.line, step.endLine, `step "${step.name}"`);
      meta.error = { code: isPlaybookError(error) ? error.code : "STEP_FAILED", message: err.message, line: err.line };
      meta.snapshot = await this.snapshot();
      err.message += `\n\n${meta.snapshot}`;
      throw err;
    } finally {
      clearTimeout(timer);
      meta.output = this.outputs[index]!;
    }
  }

  checkSymptoms(ctx: TestContext): void {
    if (this.broken) return ctx.skip(this.broken);
    if (this.stopAfter !== undefined) return ctx.skip("--until stops before the end");
    const error = unseenSymptoms(this.meta, this.outputs, this.settings.etcd?.version.version);
    if (error) throw located(error, this.settings.root, this.meta.file, error.line ?? 1);
  }

  async teardown(suite: Readonly<RunnerTestSuite>): Promise<void> {
    try {
      await this.stopCluster(suite);
    } finally {
      await this.watchdog?.close();
      if (this.tmpdir) await releaseScratchDir(this.tmpdir);
    }
  }

  private async stopCluster(suite: Readonly<RunnerTestSuite>): Promise<void> {
    const cluster = this.cluster;
    if (!cluster) return;
    const suiteMeta = (suite.meta as { playbook?: PlaybookMeta }).playbook;
    if (suiteMeta) suiteMeta.members = cluster.memberRuns();
    if (this.stopAfter !== undefined && !this.failed && this.settings.controlDir) {
      this.watchdog?.disarm(); // the reader ends this wait, whenever they like
      await keepUntilReleased(cluster, this.meta.file, this.settings);
    }
    this.watch("after", this.current, TEARDOWN_LIMIT_MS);
    // Background go programs are stopped gracefully first (SIGTERM: an embedded etcd closes).
    const programErrors = await this.go.teardown();
    // A script a step started with a limit longer than the step's (sh(…, { timeout })) would
    // outlive its step and its playbook; it goes before the members it may be talking to.
    const scripts = await killStepProcesses(this.tmpdir);
    if (scripts.length > 0) process.stderr.write(`${this.meta.file}: stopped ${scripts.length} script(s) its steps left running (pid ${scripts.join(", ")})\n`);
    const keep = this.settings.keepData === "always" || this.failed;
    const report = await cluster.teardown({ keep, keepDir: keptDir(this.settings, this.meta.file) });
    if (report.kept) process.stderr.write(`${this.meta.file}: data dirs kept at ${report.kept}\n`);
    const errors = [...programErrors, ...report.errors];
    if (errors.length > 0) {
      const error = new PlaybookError("TEARDOWN_FAILED", `teardown left something behind: ${errors.join("; ")}`, { file: this.meta.file });
      if (suiteMeta) suiteMeta.error = { code: error.code, message: error.message };
      throw error;
    }
  }

  private async runSh(index: number): Promise<void> {
    const env = { ...this.cluster!.env(), ...this.go.env(), TMPDIR_PLAYBOOK: this.tmpdir };
    await runShStep({ step: this.meta.steps[index]!, file: this.meta.file, env, ...this.stepProcess(index) });
  }

  /** Where a sh or go step's process runs, for how long, and where its output goes. */
  private stepProcess(index: number) {
    const step = this.meta.steps[index]!;
    const timeoutMs = step.timeoutMs ?? this.meta.frontmatter.timeout ?? this.settings.defaultTimeoutMs;
    const onOutput = (text: string) => {
      this.outputs[index] += text;
      this.watchdog?.output(text);
    };
    return { cwd: this.tmpdir, timeoutMs, onOutput };
  }

  private async snapshot(): Promise<string> {
    try {
      return await this.cluster!.snapshot();
    } catch (error) {
      return `(no cluster snapshot: ${(error as Error).message})`;
    }
  }
}
