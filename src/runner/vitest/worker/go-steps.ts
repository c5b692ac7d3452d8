// A playbook's go steps: built before the first step (outside every step's time limit, and so
// that a compile error stops the playbook before any member starts), each run like a `sh` step —
// same variables, output, exit status, time limit, a process group of its own — or, marked
// `background`, left running for later steps to reach by the step's name, and stopped at teardown.
// Every process carries TMPDIR_PLAYBOOK, so the reapers find a program whose worker died.
import { BackgroundProgram, buildEtcdProgram, type Program } from "../../etcd/index.ts";
import { GoBuildError, isPlaybookError, PlaybookError } from "../../errors/index.ts";
import { freePorts, releasePorts, runProcess } from "../../os/index.ts";
import type { PlaybookModuleMeta, Step } from "../../playbooks/index.ts";

/** Free loopback ports handed to every step as PORT1…PORT4: for embedded servers, never 2379/2380. */
const PORTS = 4;

export interface GoRunOptions {
  /** The cluster's variables and the scratch dir's (what a `sh` step gets). */
  env: Record<string, string>;
  cwd: string;
  timeoutMs: number;
  onOutput: (text: string) => void;
}

export class GoSteps {
  private readonly meta: PlaybookModuleMeta;
  private readonly binaries = new Map<number, string>();
  private readonly programs = new Map<string, BackgroundProgram>();
  private ports: number[] = [];

  private readonly cacheDir: string | undefined;

  constructor(meta: PlaybookModuleMeta, cacheDir: string | undefined) {
    this.meta = meta;
    this.cacheDir = cacheDir;
  }

  get any(): boolean {
    return this.meta.steps.some((s) => s.lang === "go");
  }

  /**
   * Builds every go step that runs on `version` (cached: an unchanged step costs a file lookup).
   * Throws GO_COMPILE at the MDX line of the first compiler message, GO_NOT_FOUND, GO_BUILD_FAILED.
   */
  async prepare(version: string | undefined, runs: (step: Step) => boolean, progress: (line: string) => void): Promise<void> {
    const steps = this.meta.steps.filter((s) => s.lang === "go" && runs(s));
    if (steps.length === 0) return;
    this.ports = await freePorts(PORTS);
    for (const step of steps) {
      const at = step.modules ?? version;
      if (!at) throw new PlaybookError("GO_BUILD_FAILED", `step "${step.name}": no etcd version to build against`, { file: this.meta.file, line: step.line });
      // A step with program="…" runs that step's code again: the same source, the same cached binary.
      const source = step.program === undefined ? step : this.meta.steps.find((s) => s.name === step.program)!;
      try {
        const built = await buildEtcdProgram(source.code, {
          version: at,
          ...(this.cacheDir ? { cacheDir: this.cacheDir } : {}),
          onProgress: (line) => progress(`${this.meta.file}:${step.line} step "${step.name}": ${line}`),
        });
        this.binaries.set(step.index, built.binary);
      } catch (error) {
        throw this.located(error, source);
      }
    }
  }

  /** Variables go steps add for every step's scripts: PORT1…PORT4, and PROGRAM_PID (the latest background program still running). */
  env(): Record<string, string> {
    const env: Record<string, string> = {};
    this.ports.forEach((port, i) => (env[`PORT${i + 1}`] = String(port)));
    const running = [...this.programs.values()].filter((p) => p.pid !== undefined);
    if (running.length > 0) env.PROGRAM_PID = String(running.at(-1)!.pid);
    return env;
  }

  async run(index: number, options: GoRunOptions): Promise<void> {
    const step = this.meta.steps[index]!;
    const binary = this.binaries.get(index);
    if (!binary) throw new PlaybookError("GO_BUILD_FAILED", `step "${step.name}" was not built before the run`, { file: this.meta.file, line: step.line });
    const env = { ...options.env, ...this.env() };
    if (step.background) return this.start(step, binary, env, options);
    // bash execs the program with stderr joined to stdout: one pipe keeps the order written.
    const result = await runProcess("bash", ["--norc", "-c", 'exec "$0" 2>&1', binary], {
      env: { ...process.env, ...env },
      cwd: options.cwd,
      timeoutMs: options.timeoutMs,
      onOutput: options.onOutput,
      group: true,
    });
    const tail = result.output.trimEnd().split("\n").slice(-15).join("\n");
    if (result.timedOut) {
      throw new PlaybookError("STEP_TIMEOUT", `the program did not finish within ${options.timeoutMs / 1000} s and was stopped with its process group`, {
        file: this.meta.file,
        line: step.line,
        details: tail ? `output so far:\n${tail}` : "(the program printed nothing)",
      });
    }
    if (step.exit === "any" || result.code === step.exit) return;
    const how = result.code === null ? `was killed by ${result.signal}` : `exited with status ${result.code}`;
    throw new PlaybookError("GO_EXIT", `the program ${how}, expected ${step.exit}${panicLine(result.output, step)}`, {
      file: this.meta.file,
      line: step.line,
      hint: step.exit === 0 ? 'If the failure is the point of the step, declare it: exit="1" (or exit="any").' : undefined,
      details: tail || "(no output)",
    });
  }

  program(name: string): Program {
    const found = this.programs.get(name);
    if (found) return found;
    const known = [...this.programs.keys()].map((n) => JSON.stringify(n));
    throw new PlaybookError("PROGRAM_UNKNOWN", `program(${JSON.stringify(name)}): no background go step of that name has started${known.length ? ` (started: ${known.join(", ")})` : ""}`);
  }

  /** Stops every program still running (SIGTERM to its group, SIGKILL after 5 s), last started first, and frees the ports. */
  async teardown(): Promise<string[]> {
    const errors: string[] = [];
    for (const p of [...this.programs.values()].reverse()) {
      await p.stop().catch((error: unknown) => errors.push(`stopping the program of step "${p.step}": ${(error as Error).message}`));
    }
    releasePorts(this.ports);
    this.ports = [];
    return errors;
  }

  private async start(step: Step, binary: string, env: Record<string, string>, options: GoRunOptions): Promise<void> {
    const program = await BackgroundProgram.start(binary, { step: step.name, env, cwd: options.cwd, onOutput: options.onOutput });
    this.programs.set(step.name, program);
    try {
      if (step.background?.ready) await program.waitFor(step.background.ready, { timeout: options.timeoutMs });
      else if (program.exit) throw new PlaybookError("PROGRAM_EXITED", `the program ended at once (${program.exit.signal ?? `exit status ${program.exit.code}`})`, { details: program.tail() });
    } catch (error) {
      if (isPlaybookError(error)) throw new PlaybookError(error.code, error.message, { file: this.meta.file, line: step.line, details: error.details, hint: error.hint });
      throw error;
    } finally {
      // The step's output ends here; what the program prints later is read through program(…).
      program.onOutput = undefined;
    }
  }

  /** A build error at the MDX line of the compiler's first message (the fence's line otherwise). */
  private located(error: unknown, step: Step): unknown {
    if (!(error instanceof GoBuildError)) return error;
    const lines = error.diagnostics.map((d) => `${this.meta.file}:${step.line + d.line}${d.column ? `:${d.column}` : ""}: ${d.message.replace(/\n/g, "\n    ")}`);
    const first = error.diagnostics[0];
    const message = `step "${step.name}": ${first ? `the program does not compile: ${first.message.split("\n")[0]}` : error.message}`;
    return new GoBuildError(error.code as ConstructorParameters<typeof GoBuildError>[0], message, error.diagnostics, {
      file: this.meta.file,
      line: first ? step.line + first.line : step.line,
      details: lines.length > 0 ? lines.join("\n") : error.details,
      hint: error.hint,
    });
  }
}

/** A Go panic names the program's line as `…/main.go:N`; repeat it as the MDX line. */
function panicLine(output: string, step: Step): string {
  const m = /\/main\.go:(\d+)/.exec(output);
  return /^panic: /m.test(output) && m ? ` (panic at MDX line ${step.line + Number(m[1])})` : "";
}
