// One etcd member as an object with a state machine:
//   new → starting → running ⇄ paused → stopped (by stop()) / exited (on its own, or kill())
// and back to starting from stopped or exited. stop() is idempotent and shares one promise
// between concurrent callers. Everything a member owns (process, log file) ends in dispose().
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Etcd3 } from "etcd3";
import type { Duration } from "../../schema/duration.ts";
import { parseDuration } from "../../schema/duration.ts";
import type { EtcdFlags } from "../../schema/frontmatter.ts";
import type { Etcdctl, ExitInfo, Member, MemberState, RestartOptions, StartOptions, WaitForLogOptions } from "../context/types.ts";
import { PlaybookError } from "../errors.ts";
import { createEtcdctl } from "./etcdctl.ts";
import { fastElectionFlags, mergeFlags, renderFlags } from "./flags.ts";
import { LogBuffer } from "./member-log.ts";
import { damageDataDir, wipeDataDir } from "./member-files.ts";
import { procState } from "./proc.ts";
import { waitStarted } from "./member-start.ts";
import { waitForLogLine } from "./member-wait.ts";
import type { ClientRegistry } from "./client.ts";
import type { EtcdBinary } from "./resolve.ts";
import { within } from "./timeout.ts";

const ms = (d: Duration | undefined, fallback: number) => (d === undefined ? fallback : d === 0 ? 0 : (parseDuration(d) ?? fallback));

export interface MemberInit {
  name: string;
  binary: EtcdBinary;
  /** The member's own dir: data dir and member.log live in it. */
  dir: string;
  clientPort: number;
  peerPort: number;
  /** Flags of the whole cluster (shape.flags) and of this member (shape.member[name], add flags). */
  clusterFlags: EtcdFlags;
  memberFlags: EtcdFlags;
  fastElection: boolean;
  clients: ClientRegistry;
}

interface Run {
  child: ChildProcess;
  pid: number;
  exited: Promise<ExitInfo>;
  /** How the run is meant to end: decides "stopped" versus "exited". */
  ending?: "stop" | "kill";
}

export class ManagedMember implements Member, AsyncDisposable {
  readonly name: string;
  readonly dir: string;
  readonly dataDir: string;
  readonly log: LogBuffer;
  readonly etcdctl: Etcdctl;
  /** Registered as a learner (`member add --learner`); readiness then accepts a serializable read. */
  learner = false;
  /** Removed from the cluster with `member remove`: no longer counted in endpoints. */
  removed = false;
  /** The `--initial-cluster*` flags and other runner-set flags (set by the cluster). */
  baseFlags: EtcdFlags = {};
  private clientPortValue: number;
  private peerPortValue: number;
  private stateValue: MemberState = "new";
  private run: Run | undefined;
  private lastExit: ExitInfo | undefined;
  private stopping: Promise<ExitInfo> | undefined;
  private pausedFrom: MemberState = "running";
  private runtimeFlags: EtcdFlags = {};
  private readonly init: MemberInit;
  private readonly exitListeners = new Set<(exit: ExitInfo, ending: "stop" | "kill" | undefined) => void>();

  constructor(init: MemberInit) {
    this.init = init;
    this.name = init.name;
    this.dir = init.dir;
    this.dataDir = path.join(init.dir, "data");
    this.clientPortValue = init.clientPort;
    this.peerPortValue = init.peerPort;
    mkdirSync(this.dir, { recursive: true });
    this.log = new LogBuffer(path.join(this.dir, "member.log"));
    this.etcdctl = createEtcdctl({ etcdctl: init.binary.etcdctl, endpoints: () => [this.clientUrl] });
  }

  get clientUrl(): string {
    return `http://127.0.0.1:${this.clientPortValue}`;
  }
  get peerUrl(): string {
    return `http://127.0.0.1:${this.peerPortValue}`;
  }
  get state(): MemberState {
    return this.stateValue;
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
    this.clientPortValue = clientPort;
    this.peerPortValue = peerPort;
  }

  /** Every flag layer merged: runner's, timing, cluster's, member's, then restart/setFlags. */
  flags(): EtcdFlags {
    const user = mergeFlags(this.init.clusterFlags, this.init.memberFlags, this.runtimeFlags);
    return mergeFlags(this.baseFlags, fastElectionFlags(this.init.fastElection, user), user);
  }

  get args(): readonly string[] {
    return [this.init.binary.etcd, ...renderFlags(this.flags())];
  }

  setFlags(flags: EtcdFlags): void {
    this.runtimeFlags = mergeFlags(this.runtimeFlags, flags);
  }

  async start(options: StartOptions = {}): Promise<void> {
    if (this.run) throw this.stateError("start");
    const wait = options.wait ?? "ready";
    const timeoutMs = ms(options.timeout, 20_000);
    const args = [...this.args];
    this.log.markStart();
    this.log.note(`--- ${new Date().toISOString()} start: etcd ${args.slice(1).join(" ")}`);
    this.stateValue = "starting";
    const run = await this.spawn(args);
    if (wait === "spawned") {
      this.stateValue = "running";
      return;
    }
    await waitStarted({ member: this, run, wait, timeoutMs, args });
    if (this.run === run && this.stateValue === "starting") this.stateValue = "running";
  }

  private spawn(args: string[]): Promise<Run> {
    return new Promise((resolve, reject) => {
      const child = spawn(args[0]!, args.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
      let resolveExit!: (e: ExitInfo) => void;
      const exited = new Promise<ExitInfo>((r) => (resolveExit = r));
      child.stdout!.setEncoding("utf8").on("data", (d: string) => this.log.write("stdout", d));
      child.stderr!.setEncoding("utf8").on("data", (d: string) => this.log.write("stderr", d));
      child.once("error", (error) => {
        // spawn failed (binary missing, not executable): no process, nothing to wait for.
        this.stateValue = "exited";
        this.lastExit = { code: null, signal: null };
        reject(new PlaybookError("ETCD_START_FAILED", `${this.name}: cannot run ${args[0]}: ${error.message}`, { cause: error }));
      });
      child.once("spawn", () => {
        const run: Run = { child, pid: child.pid!, exited };
        this.run = run;
        // "close", not "exit": it comes after stdout/stderr are drained, so the log is complete.
        child.once("close", (code, signal) => {
          this.log.flush();
          const info: ExitInfo = { code, signal };
          this.log.note(`--- ${new Date().toISOString()} exit: ${signal ?? `code ${code}`}`);
          this.lastExit = info;
          if (this.run === run) this.run = undefined;
          this.stateValue = run.ending === "stop" ? "stopped" : "exited";
          resolveExit(info);
          for (const listener of this.exitListeners) listener(info, run.ending);
        });
        resolve(run);
      });
    });
  }

  /** Internal: the current run, for readiness and waits. */
  currentRun(): Run | undefined {
    return this.run;
  }

  onExit(listener: (exit: ExitInfo, ending: "stop" | "kill" | undefined) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  stop(options: { timeout?: Duration } = {}): Promise<ExitInfo> {
    if (this.stopping) return this.stopping;
    const run = this.run;
    if (!run) return Promise.resolve(this.lastExit ?? { code: null, signal: null });
    const graceMs = ms(options.timeout, 5_000);
    run.ending = "stop";
    this.stopping = (async () => {
      if (graceMs === 0) {
        this.signal(run, "SIGKILL");
        return this.boundedExit(run, "SIGKILL");
      }
      this.signal(run, "SIGTERM");
      // A stopped (SIGSTOP) process does not act on SIGTERM until it is continued.
      if (this.stateValue === "paused") this.signal(run, "SIGCONT");
      const graceful = await within(run.exited, graceMs);
      if (graceful) return graceful;
      this.signal(run, "SIGKILL");
      return this.boundedExit(run, "SIGKILL");
    })().finally(() => (this.stopping = undefined));
    return this.stopping;
  }

  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<ExitInfo> {
    const run = this.run;
    if (!run) throw this.stateError(`send ${signal} to`);
    run.ending ??= "kill";
    this.signal(run, signal);
    if (this.stateValue === "paused" && signal !== "SIGKILL") this.signal(run, "SIGCONT");
    return this.boundedExit(run, signal);
  }

  private async boundedExit(run: Run, signal: string): Promise<ExitInfo> {
    const exit = await within(run.exited, 10_000);
    if (!exit) throw new PlaybookError("MEMBER_STATE", `${this.name} (pid ${run.pid}) did not exit within 10 s of ${signal}`);
    return exit;
  }

  private signal(run: Run, signal: NodeJS.Signals): void {
    try {
      process.kill(run.pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
    }
  }

  async pause(): Promise<void> {
    const run = this.run;
    if (!run || (this.stateValue !== "running" && this.stateValue !== "starting")) throw this.stateError("pause");
    this.pausedFrom = this.stateValue;
    this.signal(run, "SIGSTOP");
    await this.untilProcState(run, (s) => s === "T" || s === "t", "stopped (T)");
    this.stateValue = "paused";
  }

  async resume(): Promise<void> {
    const run = this.run;
    if (!run || this.stateValue !== "paused") throw this.stateError("resume");
    this.signal(run, "SIGCONT");
    await this.untilProcState(run, (s) => s !== "T" && s !== "t", "running");
    this.stateValue = this.pausedFrom;
  }

  /** Signals are delivered asynchronously; /proc shows when SIGSTOP/SIGCONT took effect. */
  private async untilProcState(run: Run, ok: (state: string) => boolean, what: string): Promise<void> {
    const deadline = performance.now() + 2_000;
    for (;;) {
      const s = await procState(run.pid);
      if (s === undefined || ok(s)) return;
      if (performance.now() > deadline) throw new PlaybookError("MEMBER_STATE", `${this.name} (pid ${run.pid}) is not ${what} 2 s after the signal (state ${s})`);
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  async restart(options: RestartOptions = {}): Promise<void> {
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
    await waitStarted({ member: this, run, wait: "ready", timeoutMs: ms(options.timeout, 20_000), args: [...this.args], afterStart: true });
    if (this.run === run && this.stateValue === "starting") this.stateValue = "running";
  }

  waitForLog(pattern: string | RegExp, options: WaitForLogOptions = {}): Promise<string> {
    return waitForLogLine(this, pattern, ms(options.timeout, 10_000), options.from ?? "start");
  }

  async waitExit(options: { timeout?: Duration } = {}): Promise<ExitInfo> {
    const run = this.run;
    if (!run) {
      if (this.lastExit) return this.lastExit;
      throw this.stateError("wait for the exit of");
    }
    const limit = ms(options.timeout, 10_000);
    const exit = await within(run.exited, limit);
    if (!exit) throw new PlaybookError("MEMBER_STATE", `${this.name} (pid ${run.pid}) was still running after ${limit / 1000} s`, { details: this.log.tail() });
    return exit;
  }

  client(): Etcd3 {
    return this.init.clients.create({ hosts: [this.clientUrl] });
  }

  stateError(action: string): PlaybookError {
    return new PlaybookError("MEMBER_STATE", `cannot ${action} ${this.name}: it is ${this.stateValue}${this.run ? ` (pid ${this.run.pid})` : ""}`);
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
