// One etcd member as an object with a state machine:
//   new → starting → running ⇄ paused → stopped (by stop()) / exited (on its own, or kill())
// and back to starting from stopped or exited. stop() is idempotent and shares one promise
// between concurrent callers. Everything a member owns (process, log file) ends in dispose().
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Etcd3 } from "etcd3";
import type { Duration } from "../../../schema/duration.ts";
import { parseDuration } from "../../../schema/duration.ts";
import type { EtcdFlags } from "../../../schema/frontmatter.ts";
import type { Etcdctl, ExitInfo, Member, MemberState, RestartOptions, StartOptions, WaitForLogOptions } from "../../context/types.ts";
import { PlaybookError } from "../../errors.ts";
import { createEtcdctl } from "../clients/etcdctl.ts";
import { fastElectionFlags, mergeFlags, renderFlags } from "./flags.ts";
import { LogBuffer } from "./log.ts";
import { damageDataDir, wipeDataDir } from "./files.ts";
import { exitAfter, signal, spawnRun, untilProcState, type Run } from "./process.ts";
import { waitStarted } from "./start.ts";
import { waitForLogLine } from "./wait.ts";
import type { ClientRegistry } from "../clients/etcd3.ts";
import type { EtcdBinary } from "../binary/resolve.ts";
import { within } from "../../os/within.ts";

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
  /** Its client and peer ports, reserved for it across processes (port-reservations.ts). */
  get ports(): [number, number] {
    return [this.clientPortValue, this.peerPortValue];
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

  private async spawn(args: string[]): Promise<Run> {
    try {
      const run = await spawnRun(args, this.log, (r, exit) => {
        this.lastExit = exit;
        if (this.run === r) this.run = undefined;
        this.stateValue = r.ending === "stop" ? "stopped" : "exited";
        for (const listener of this.exitListeners) listener(exit, r.ending);
      });
      this.run = run;
      return run;
    } catch (error) {
      this.stateValue = "exited";
      this.lastExit = { code: null, signal: null };
      throw new PlaybookError("ETCD_START_FAILED", `${this.name}: cannot run ${args[0]}: ${(error as Error).message}`, { cause: error });
    }
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
        signal(run, "SIGKILL");
        return exitAfter(run, "SIGKILL", this.name);
      }
      signal(run, "SIGTERM");
      // A stopped (SIGSTOP) process does not act on SIGTERM until it is continued.
      if (this.stateValue === "paused") signal(run, "SIGCONT");
      const graceful = await within(run.exited, graceMs);
      if (graceful) return graceful;
      signal(run, "SIGKILL");
      return exitAfter(run, "SIGKILL", this.name);
    })().finally(() => (this.stopping = undefined));
    return this.stopping;
  }

  async kill(sig: NodeJS.Signals = "SIGKILL"): Promise<ExitInfo> {
    const run = this.run;
    if (!run) throw this.stateError(`send ${sig} to`);
    run.ending ??= "kill";
    signal(run, sig);
    if (this.stateValue === "paused" && sig !== "SIGKILL") signal(run, "SIGCONT");
    return exitAfter(run, sig, this.name);
  }

  async pause(): Promise<void> {
    const run = this.run;
    if (!run || (this.stateValue !== "running" && this.stateValue !== "starting")) throw this.stateError("pause");
    this.pausedFrom = this.stateValue;
    signal(run, "SIGSTOP");
    await untilProcState(run, (s) => s === "T" || s === "t", "stopped (T)", this.name);
    this.stateValue = "paused";
  }

  async resume(): Promise<void> {
    const run = this.run;
    if (!run || this.stateValue !== "paused") throw this.stateError("resume");
    signal(run, "SIGCONT");
    await untilProcState(run, (s) => s !== "T" && s !== "t", "running", this.name);
    this.stateValue = this.pausedFrom;
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
