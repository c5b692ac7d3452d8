// One playbook's run inside a worker: starts its cluster, drives the steps' body through the
// gate, turns every failure into a located PlaybookError with a cluster snapshot, and tears down.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import semver from "semver";
import type { RunnerTestSuite, TestContext } from "vitest";
import { createStepContext, type StepContext } from "../../context/index.ts";
import { killStepProcesses } from "../../etcd/index.ts";
import { PlaybookError, isPlaybookError } from "../../errors/index.ts";
import { firstSeen, type PlaybookModuleMeta } from "../../playbooks/index.ts";
import type { PlaybookMeta, StepMeta } from "../meta.ts";
import type { WorkerSettings } from "../settings.ts";
import { StepGate } from "./gate.ts";
import { keepUntilReleased } from "./keep.ts";
import { frontmatterLine, located, timeoutError } from "./located.ts";
import { keptDir, openCluster, type RunnableCluster } from "./open-cluster.ts";
import { matchOutput } from "./output-match.ts";
import { GoSteps } from "./go-steps.ts";
import { runShStep } from "./sh-step.ts";

export type StepsApi = { begin(i: number): Promise<boolean>; end(i: number): void; sh(i: number): Promise<void>; go(i: number): Promise<void> };
export type Body = (ctx: StepContext, steps: StepsApi) => Promise<void>;

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
    const suiteMeta: PlaybookMeta = {
      file: this.meta.file,
      etcdVersion: s.etcd?.version.version ?? "unknown",
      series: s.series,
      target: s.target ? "endpoints" : "managed",
      members: [],
      ...(s.etcd ? { provenance: s.etcd.provenance } : {}),
      symptoms: this.symptoms().map((sy) => sy.text),
      steps: this.meta.steps.map(({ index, name, line, lang }) => ({ index, name, line, lang })),
      scoped: this.meta.steps.flatMap((st) => [
        ...(st.etcd ? [{ line: st.line, what: `step "${st.name}"`, etcd: st.etcd }] : []),
        ...st.outputs.flatMap((o) => (o.etcd ? [{ line: o.line, what: `output block of step "${st.name}"`, etcd: o.etcd }] : [])),
      ]),
    };
    (suite.meta as { playbook?: PlaybookMeta }).playbook = suiteMeta;
    this.tmpdir = path.join(s.runDir, "tmp", this.meta.file.replace(/[^\w.-]+/g, "_"));
    await mkdir(this.tmpdir, { recursive: true });
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
        if (this.current >= 0) this.outputs[this.current] += text;
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
      timer = setTimeout(() => reject(timeoutError(this.meta.file, step.line, limit, this.outputs[index]!)), limit);
    });
    if (!runs) {
      await this.gate.run(index, false);
      clearTimeout(timer);
      return ctx.skip(`runs on etcd ${step.etcd}; this run uses ${version}`);
    }
    try {
      await Promise.race([this.gate.run(index, true), timeout]);
      this.checkOutputs(index, version);
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
    const unseen = this.symptoms()
      .filter((s) => firstSeen(s.text, this.meta.steps.map((st, i) => ({ name: st.name, output: this.outputs[i]! }))) === undefined);
    if (unseen.length === 0) return;
    const error = new PlaybookError("SYMPTOM_NOT_SEEN", `symptom ${JSON.stringify(unseen[0]!.text)} never appeared in any step's output`, {
      file: this.meta.file,
      line: unseen[0]!.line,
      hint: "A symptom is a promise: make a step print it (log the real line), or fix the text to what etcd prints.",
      details: unseen.length > 1 ? unseen.map((u) => `${this.meta.file}:${u.line} also not seen: ${JSON.stringify(u.text)}`).join("\n") : undefined,
    });
    throw located(error, this.settings.root, this.meta.file, unseen[0]!.line);
  }

  /** The frontmatter's symptoms that this run's etcd version prints, with their lines. */
  private symptoms(): { text: string; line: number }[] {
    const version = this.settings.etcd?.version.version;
    return this.meta.frontmatter.symptoms
      .map((s, i) => ({ ...s, line: this.meta.symptomLines[i] ?? 1 }))
      .filter((s) => !s.etcd || (version !== undefined && semver.satisfies(version, s.etcd)));
  }

  async teardown(suite: Readonly<RunnerTestSuite>): Promise<void> {
    const cluster = this.cluster;
    if (!cluster) return;
    const suiteMeta = (suite.meta as { playbook?: PlaybookMeta }).playbook;
    if (suiteMeta) suiteMeta.members = cluster.memberRuns();
    if (this.stopAfter !== undefined && !this.failed && this.settings.controlDir) {
      await keepUntilReleased(cluster, this.meta.file, this.settings);
    }
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
    return { cwd: this.tmpdir, timeoutMs, onOutput: (text: string) => void (this.outputs[index] += text) };
  }

  private checkOutputs(index: number, version: string | undefined): void {
    const step = this.meta.steps[index]!;
    for (const block of step.outputs) {
      if (block.etcd && (version === undefined || !semver.satisfies(version, block.etcd))) continue;
      const result = matchOutput(block.text, this.outputs[index]!);
      if (!result.ok) {
        throw new PlaybookError("OUTPUT_MISMATCH", `its output does not match this output block: ${JSON.stringify(result.missing)} not found`, {
          file: this.meta.file,
          line: block.line,
          hint: "Lines with - are expected, + are what the step printed; `...` stands for any text.",
          details: result.diff,
        });
      }
    }
  }

  private async snapshot(): Promise<string> {
    try {
      return await this.cluster!.snapshot();
    } catch (error) {
      return `(no cluster snapshot: ${(error as Error).message})`;
    }
  }
}

function resolveUntil(until: string | undefined, meta: PlaybookModuleMeta): number | undefined {
  if (!until) return undefined;
  const byName = meta.steps.findIndex((s) => s.name === until);
  if (byName >= 0) return byName;
  const n = Number(until);
  if (Number.isInteger(n) && n >= 1 && n <= meta.steps.length) return n - 1;
  return undefined;
}
