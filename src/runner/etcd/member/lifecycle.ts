// The process side of a member's state machine:
//   new → starting → running ⇄ paused → stopped (by stop()) / exited (on its own, or kill())
// and back to starting from stopped or exited. stop() is idempotent and shares one promise
// between concurrent callers. ManagedMember (member.ts) adds what it starts and its faults.
import { limitMs, type Duration } from "../../../schema/duration.ts";
import { EtcdStartError, MemberStateError } from "../../errors/index.ts";
import type { ExitInfo, MemberState } from "../../types.ts";
import type { MemberFaults } from "./faults.ts";
import type { LogBuffer } from "./log.ts";
import { exitAfter, exitWithin, killRun, pauseRun, resumeRun, signal, spawnRun, stopRun, type Run } from "./process.ts";

type ExitListener = (exit: ExitInfo, ending: "stop" | "kill" | undefined) => void;

export abstract class MemberProcess {
  abstract readonly name: string;
  abstract readonly log: LogBuffer;
  abstract readonly faults: MemberFaults;
  protected state_: MemberState = "new";
  protected run: Run | undefined;
  private lastExit: ExitInfo | undefined;
  private stopping: Promise<ExitInfo> | undefined;
  private pausedFrom: MemberState = "running";
  private readonly exitListeners = new Set<ExitListener>();

  get state(): MemberState {
    return this.state_;
  }
  /** etcd's own pid (under strace too: signals go to etcd, and strace passes its exit on). */
  get pid(): number | undefined {
    return this.run ? (this.run.target ?? this.run.pid) : undefined;
  }
  /** The strace running this member, when disk faults need one. */
  get tracerPid(): number | undefined {
    return this.run?.target !== undefined ? this.run.pid : undefined;
  }
  get exit(): ExitInfo | undefined {
    return this.lastExit;
  }
  /** True while a process exists (starting, running or paused). */
  get alive(): boolean {
    return this.run !== undefined;
  }

  /** Starts `args`; `helper` marks a tracer that runs etcd (process.ts). */
  protected async spawn(args: string[], helper: Record<string, string> | undefined): Promise<Run> {
    try {
      const run = await spawnRun(args, this.log, helper, (r, exit) => {
        this.lastExit = exit;
        if (this.run === r) this.run = undefined;
        this.state_ = r.ending === "stop" ? "stopped" : "exited";
        for (const listener of this.exitListeners) listener(exit, r.ending);
      });
      // A run that already ended (under strace, while its tracee was looked for) is not the current one.
      if (!run.closed) this.run = run;
      return run;
    } catch (error) {
      this.state_ = "exited";
      this.lastExit = { code: null, signal: null };
      throw new EtcdStartError("ETCD_START_FAILED", `${this.name}: cannot run ${args[0]}: ${(error as Error).message}`, { member: this.name }, { cause: error });
    }
  }

  onExit(listener: ExitListener): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  stop(options: { timeout?: Duration } = {}): Promise<ExitInfo> {
    if (this.stopping) return this.stopping;
    const run = this.run;
    if (!run) return Promise.resolve(this.lastExit ?? { code: null, signal: null });
    const graceMs = limitMs(options.timeout, 5_000);
    this.faults.endStalls();
    run.ending = "stop";
    this.stopping = stopRun(run, graceMs, this.state_, this.name).finally(() => (this.stopping = undefined));
    return this.stopping;
  }

  async kill(sig: NodeJS.Signals = "SIGKILL"): Promise<ExitInfo> {
    const run = this.run;
    if (!run) throw this.stateError(`send ${sig} to`);
    this.faults.endStalls();
    run.ending ??= "kill";
    if (sig === "SIGKILL") return killRun(run, this.name, this.state_);
    signal(run, sig);
    if (this.state_ === "paused") signal(run, "SIGCONT");
    return exitAfter(run, sig, this.name, this.state_);
  }

  async pause(): Promise<void> {
    const run = this.run;
    if (!run || (this.state_ !== "running" && this.state_ !== "starting")) throw this.stateError("pause");
    if (this.faults.stalling) throw this.stateError("pause (it is stalling: stall(false) ends that)");
    this.pausedFrom = this.state_;
    await pauseRun(run, this.name, this.state_);
    this.state_ = "paused";
  }

  async resume(): Promise<void> {
    const run = this.run;
    if (!run || this.state_ !== "paused") throw this.stateError("resume");
    await resumeRun(run, this.name, this.state_);
    this.state_ = this.pausedFrom;
  }

  async waitExit(options: { timeout?: Duration } = {}): Promise<ExitInfo> {
    const run = this.run;
    if (!run) {
      if (this.lastExit) return this.lastExit;
      throw this.stateError("wait for the exit of");
    }
    return exitWithin(run, limitMs(options.timeout, 10_000), this.name, this.state_, this.log.tail());
  }

  stateError(action: string): MemberStateError {
    return new MemberStateError(this.name, this.state_, `cannot ${action} ${this.name}: it is ${this.state_}${this.run ? ` (pid ${this.pid})` : ""}`);
  }
}
