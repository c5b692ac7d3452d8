// One etcd member as an object with a state machine:
//   new → starting → running ⇄ paused → stopped (by stop()) / exited (on its own, or kill())
// and back to starting from stopped or exited. stop() is idempotent and shares one promise
// between concurrent callers. Everything a member owns (process, log file) ends in dispose().
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Etcd3 } from "etcd3";
import { limitMs, type Duration } from "../../../schema/duration.ts";
import type { EtcdFlags } from "../../../schema/frontmatter.ts";
import { EtcdStartError, MemberStateError } from "../../errors/index.ts";
import { within } from "../../os/index.ts";
import type { ExitInfo, MemberState } from "../../types.ts";
import { createEtcdctl, type ClientRegistry, type Etcdctl } from "../clients/index.ts";
import { damageDataDir, wipeDataDir } from "./files.ts";
import { Launch, type LaunchInit } from "./launch.ts";
import { LogBuffer } from "./log.ts";
import { exitAfter, signal, spawnRun, stopRun, untilProcState, type Run } from "./process.ts";
import { waitStarted } from "./start.ts";
import type { Member, RestartOptions, StartOptions, WaitForLogOptions } from "./types.ts";
import { waitForLogLine } from "./wait.ts";

export interface MemberInit extends LaunchInit {
  name: string;
  /** The member's own dir: data dir and member.log live in it. */
  dir: string;
  clientPort: number;
  peerPort: number;
  clients: ClientRegistry;
}

type ExitListener = (exit: ExitInfo, ending: "stop" | "kill" | undefined) => void;

export class ManagedMember implements Member, AsyncDisposable {
  readonly name: string;
  readonly dir: string;
  readonly dataDir: string;
  readonly log: LogBuffer;
  readonly etcdctl: Etcdctl;
  /** Registered as a learner (`member add --learner`). */
  learner = false;
  /** Removed from the cluster with `member remove`: no longer counted in endpoints. */
  removed = false;
  /** Its binary and flags: what the next start runs. */
  readonly launch: Launch;
  private ports_: [number, number];
  private state_: MemberState = "new";
  private run: Run | undefined;
  private lastExit: ExitInfo | undefined;
  private stopping: Promise<ExitInfo> | undefined;
  private pausedFrom: MemberState = "running";
  private readonly init: MemberInit;
  private readonly exitListeners = new Set<ExitListener>();

  constructor(init: MemberInit) {
    this.init = init;
    this.launch = new Launch(init);
    this.name = init.name;
    this.dir = init.dir;
    this.dataDir = path.join(init.dir, "data");
    this.ports_ = [init.clientPort, init.peerPort];
    mkdirSync(this.dir, { recursive: true });
    this.log = new LogBuffer(path.join(this.dir, "member.log"));
    this.etcdctl = createEtcdctl({ etcdctl: init.binary.etcdctl, endpoints: () => [this.clientUrl] });
  }

  get clientUrl(): string {
    return `http://127.0.0.1:${this.ports_[0]}`;
  }
  get peerUrl(): string {
    return `http://127.0.0.1:${this.ports_[1]}`;
  }
  /** Its client and peer ports, reserved for it across processes (os/port-reservations.ts). */
  get ports(): [number, number] {
    return this.ports_;
  }
  get version(): string {
    return this.launch.version;
  }
  get state(): MemberState {
    return this.state_;
  }
  get pid(): number | undefined {
    return this.run?.pid;
  }
  get exit(): ExitInfo | undefined {
    return this.lastExit;
  }
  /** True while a process exists (starting, running or paused). */
  get alive(): boolean {
    return this.run !== undefined;
  }

  /** New ports before the first start (the cluster retries on "address already in use"). */
  setPorts(clientPort: number, peerPort: number): void {
    if (this.run) throw this.stateError("change ports of");
    this.ports_ = [clientPort, peerPort];
  }

  get args(): readonly string[] {
    return this.launch.args();
  }

  setFlags(flags: EtcdFlags): void {
    this.launch.setFlags(flags);
  }

  async start(options: StartOptions = {}): Promise<void> {
    if (this.run) throw this.stateError("start");
    this.launch.starting(options.version);
    const args = [...this.args];
    this.log.markStart();
    this.log.note(`--- ${new Date().toISOString()} start: etcd ${this.version}: ${args.slice(1).join(" ")}`);
    this.state_ = "starting";
    const run = await this.spawn(args);
    if (options.wait === "spawned") {
      this.state_ = "running";
      return;
    }
    await waitStarted({ member: this, run, wait: options.wait ?? "ready", timeoutMs: limitMs(options.timeout, 20_000), args });
    if (this.run === run && this.state_ === "starting") this.state_ = "running";
  }

  private async spawn(args: string[]): Promise<Run> {
    try {
      const run = await spawnRun(args, this.log, (r, exit) => {
        this.lastExit = exit;
        if (this.run === r) this.run = undefined;
        this.state_ = r.ending === "stop" ? "stopped" : "exited";
        for (const listener of this.exitListeners) listener(exit, r.ending);
      });
      this.run = run;
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
    run.ending = "stop";
    this.stopping = stopRun(run, graceMs, this.state_, this.name).finally(() => (this.stopping = undefined));
    return this.stopping;
  }

  async kill(sig: NodeJS.Signals = "SIGKILL"): Promise<ExitInfo> {
    const run = this.run;
    if (!run) throw this.stateError(`send ${sig} to`);
    run.ending ??= "kill";
    signal(run, sig);
    if (this.state_ === "paused" && sig !== "SIGKILL") signal(run, "SIGCONT");
    return exitAfter(run, sig, this.name, this.state_);
  }

  async pause(): Promise<void> {
    const run = this.run;
    if (!run || (this.state_ !== "running" && this.state_ !== "starting")) throw this.stateError("pause");
    this.pausedFrom = this.state_;
    signal(run, "SIGSTOP");
    await untilProcState(run, (s) => s === "T" || s === "t", "stopped (T)", this.name, this.state_);
    this.state_ = "paused";
  }

  async resume(): Promise<void> {
    const run = this.run;
    if (!run || this.state_ !== "paused") throw this.stateError("resume");
    signal(run, "SIGCONT");
    await untilProcState(run, (s) => s !== "T" && s !== "t", "running", this.name, this.state_);
    this.state_ = this.pausedFrom;
  }

  async restart(options: RestartOptions = {}): Promise<void> {
    // A series nobody provided fails here, before the running member is stopped.
    if (options.version) this.launch.use(options.version);
    if (this.run) await this.stop();
    if (options.flags) this.setFlags(options.flags);
    const { flags: _, ...start } = options;
    await this.start(start);
  }

  async wipe(): Promise<void> {
    if (this.run) throw this.stateError("wipe");
    await wipeDataDir(this.dataDir);
  }

  async damage(part: "wal" | "snap" | "db"): Promise<string> {
    if (this.run) throw this.stateError(`damage the ${part} of`);
    return damageDataDir(this.dataDir, part);
  }

  async waitReady(options: { timeout?: Duration } = {}): Promise<void> {
    const run = this.run;
    if (!run) throw this.stateError("wait for readiness of");
    await waitStarted({ member: this, run, wait: "ready", timeoutMs: limitMs(options.timeout, 20_000), args: [...this.args], afterStart: true });
    if (this.run === run && this.state_ === "starting") this.state_ = "running";
  }

  waitForLog(pattern: string | RegExp, options: WaitForLogOptions = {}): Promise<string> {
    return waitForLogLine(this, pattern, limitMs(options.timeout, 10_000), options.from ?? "start");
  }

  async waitExit(options: { timeout?: Duration } = {}): Promise<ExitInfo> {
    const run = this.run;
    if (!run) {
      if (this.lastExit) return this.lastExit;
      throw this.stateError("wait for the exit of");
    }
    const limit = limitMs(options.timeout, 10_000);
    const exit = await within(run.exited, limit);
    if (!exit) throw new MemberStateError(this.name, this.state_, `${this.name} (pid ${run.pid}) was still running after ${limit / 1000} s`, { details: this.log.tail() });
    return exit;
  }

  client(): Etcd3 {
    return this.init.clients.create({ hosts: [this.clientUrl] });
  }

  stateError(action: string): MemberStateError {
    return new MemberStateError(this.name, this.state_, `cannot ${action} ${this.name}: it is ${this.state_}${this.run ? ` (pid ${this.run.pid})` : ""}`);
  }

  /** Stops the process (if any) and closes the log file. */
  async dispose(options: { graceMs?: number } = {}): Promise<void> {
    try {
      await this.stop({ timeout: options.graceMs ?? 5_000 });
    } finally {
      await this.log.close();
    }
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }
}
