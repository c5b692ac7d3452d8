// A background go step's program: a long-lived process leading its own group, its output kept
// (bounded) and watched line by line, and a small state machine like a member's. Its stdout and
// stderr reach us through one pipe (bash execs it with 2>&1), so they stay in the order written.
import { PlaybookError } from "../../errors/index.ts";
import { signalPid, startProcess, within, type LongProcess } from "../../os/index.ts";
import { limitMs, type Duration } from "../../../schema/duration.ts";
import type { ExitInfo } from "../../types.ts";
import type { Program, ProgramState } from "./types.ts";

/** Output kept in memory: a program looping on a log line must not grow the runner without limit. */
const OUTPUT_BYTES = 4 * 1024 * 1024;

export interface StartProgramOptions {
  /** The step's name: how later steps find it. */
  step: string;
  /** Variables on top of the worker's environment. */
  env: Record<string, string>;
  cwd: string;
  /** Each chunk as it arrives (the step's recorded output while the step runs). */
  onOutput?: (text: string) => void;
}

export function describeExit(exit: ExitInfo): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit status ${exit.code}`;
}

export class BackgroundProgram implements Program {
  readonly step: string;
  readonly env: Readonly<Record<string, string>>;
  private readonly proc: LongProcess;
  private text = "";
  private partial = "";
  private readonly lines: string[] = [];
  private readonly listeners = new Set<(line: string) => void>();
  private readonly endListeners = new Set<() => void>();
  private ending: "stop" | "kill" | undefined;
  private ended: ExitInfo | undefined;
  onOutput: ((text: string) => void) | undefined;

  private constructor(proc: LongProcess, options: StartProgramOptions) {
    this.proc = proc;
    this.step = options.step;
    this.env = { ...options.env };
    this.onOutput = options.onOutput;
  }

  /** Starts `binary` in its own process group. */
  static async start(binary: string, options: StartProgramOptions): Promise<BackgroundProgram> {
    let program: BackgroundProgram | undefined;
    const early: string[] = [];
    const proc = await startProcess(["bash", "--norc", "-c", 'exec "$0" 2>&1', binary], {
      env: { ...process.env, ...options.env },
      cwd: options.cwd,
      group: true,
      onOutput: (_, text) => (program ? program.take(text) : early.push(text)),
      onClose: (exit) => program?.closed(exit),
    });
    program = new BackgroundProgram(proc, options);
    for (const text of early) program.take(text);
    void proc.exited.then((exit) => program.closed(exit));
    return program;
  }

  get pid(): number | undefined {
    return this.ended ? undefined : this.proc.pid;
  }

  get state(): ProgramState {
    if (!this.ended) return "running";
    return this.ending === "stop" ? "stopped" : "exited";
  }

  get exit(): ExitInfo | undefined {
    return this.ended;
  }

  output(): string {
    return this.text + this.partial;
  }

  waitFor(pattern: string | RegExp, options: { timeout?: Duration; from?: "start" | "now" } = {}): Promise<string> {
    const re = typeof pattern === "string" ? undefined : new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ""));
    const test = (line: string) => (re ? re.test(line) : line.includes(pattern as string));
    const shown = typeof pattern === "string" ? JSON.stringify(pattern) : String(pattern);
    const ms = limitMs(options.timeout, 10_000);
    if (options.from !== "now") {
      const hit = this.lines.find(test);
      if (hit !== undefined) return Promise.resolve(hit);
    }
    if (this.ended) return Promise.reject(this.exitedError(`it ended (${describeExit(this.ended)}) without printing ${shown}`));
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(listen);
        this.endListeners.delete(onEnd);
      };
      const listen = (line: string) => {
        if (!test(line)) return;
        done();
        resolve(line);
      };
      const onEnd = () => {
        done();
        reject(this.exitedError(`it ended (${describeExit(this.ended!)}) without printing ${shown}`));
      };
      this.listeners.add(listen);
      this.endListeners.add(onEnd);
      const timer = setTimeout(() => {
        done();
        reject(new PlaybookError("LOG_WAIT_TIMEOUT", `the program of step "${this.step}" did not print ${shown} within ${ms / 1000} s (it is ${this.state})`, { details: this.tail() }));
      }, ms);
    });
  }

  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<ExitInfo> {
    if (this.ended) return this.ended;
    this.ending ??= "kill";
    signalPid(this.proc.pid, signal);
    const exit = await within(this.proc.exited, 10_000);
    if (!exit) throw new PlaybookError("STEP_FAILED", `the program of step "${this.step}" (pid ${this.proc.pid}) did not end within 10 s of ${signal}`);
    return exit;
  }

  async stop(options: { timeout?: Duration } = {}): Promise<ExitInfo> {
    if (this.ended) return this.ended;
    this.ending = "stop";
    signalPid(-this.proc.pid, "SIGTERM");
    const graceful = await within(this.proc.exited, limitMs(options.timeout, 5_000));
    // The group, in either case: a child the program started must not outlive it.
    signalPid(-this.proc.pid, "SIGKILL");
    return graceful ?? (await this.proc.exited);
  }

  async waitExit(options: { timeout?: Duration } = {}): Promise<ExitInfo> {
    const ms = limitMs(options.timeout, 10_000);
    const exit = await within(this.proc.exited, ms);
    if (!exit) throw new PlaybookError("STEP_FAILED", `the program of step "${this.step}" (pid ${this.proc.pid}) still runs after ${ms / 1000} s`, { details: this.tail() });
    return exit;
  }

  /** The last lines it printed, for an error's details. */
  tail(n = 15): string {
    const text = this.output().trimEnd();
    return text ? `--- last lines of the program of step "${this.step}" ---\n${text.split("\n").slice(-n).join("\n")}` : "(the program printed nothing)";
  }

  private exitedError(why: string): PlaybookError {
    return new PlaybookError("PROGRAM_EXITED", `the program of step "${this.step}": ${why}`, { details: this.tail() });
  }

  private take(chunk: string): void {
    this.onOutput?.(chunk);
    const parts = (this.partial + chunk).split("\n");
    this.partial = parts.pop()!;
    for (const line of parts) {
      this.lines.push(line);
      this.text += `${line}\n`;
      for (const listen of this.listeners) listen(line);
    }
    if (this.text.length > OUTPUT_BYTES) {
      const cut = this.text.indexOf("\n", this.text.length - OUTPUT_BYTES * 0.9);
      this.text = this.text.slice(cut + 1);
      this.lines.splice(0, this.lines.length - this.text.split("\n").length + 1);
    }
  }

  private closed(exit: ExitInfo): void {
    if (this.ended) return;
    if (this.partial) this.take("\n");
    this.ended = exit;
    for (const onEnd of [...this.endListeners]) onEnd();
    // Whatever the program left in its group (a child it started) goes with it.
    signalPid(-this.proc.pid, "SIGKILL");
  }
}
