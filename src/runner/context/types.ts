// The step context: everything a `ts` step can use. A step is the body of an async function
// whose parameters are these names, so `etcd`, `cluster`, `etcdctl`, `expect` and `log` are in
// scope in every step, and `tsc` checks steps against these declarations.
import type { Etcd3 } from "etcd3";
import type { ExpectStatic } from "vitest";
import type { Duration } from "../../schema/duration.ts";
import type { EtcdFlags } from "../../schema/frontmatter.ts";

/** What a finished command printed. */
export interface CommandResult {
  /** Exit status; `null` when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved in the order they arrived. */
  output: string;
  durationMs: number;
}

export interface CommandOptions {
  /** Time limit; the process is killed after it. Default 10 s. */
  timeout?: Duration;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Standard input. */
  input?: string;
}

/** `etcdctl("endpoint", "status", "-w", "json")` runs the real etcdctl (API v3) against the cluster. */
export interface Etcdctl {
  (...args: string[]): Promise<CommandResult>;
  /** The same with options, e.g. `etcdctl.with({ timeout: "20s" })("snapshot", "save", file)`. */
  with(options: CommandOptions & { endpoints?: string[] }): (...args: string[]) => Promise<CommandResult>;
}

export type MemberState = "new" | "starting" | "running" | "paused" | "stopped" | "exited";

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A member's log: everything etcd wrote to stdout and stderr since the member object was made. */
export interface MemberLog {
  text(): string;
  lines(): string[];
  /** The last `n` lines (default 20) as one string. */
  tail(n?: number): string;
  /** Lines written since the member's latest start. */
  sinceStart(): string[];
}

export interface StartOptions {
  /**
   * What counts as started. `"ready"` (default): the member serves a linearizable read, which
   * needs a leader. `"serving"`: the log says the client port serves (etcd logs it only once the
   * member has published itself, so this too needs a quorum). `"spawned"`: the process is up,
   * nothing more — for a member expected to hang or fail; follow it with `waitForLog`.
   */
  wait?: "ready" | "serving" | "spawned";
  /** Default 20 s. */
  timeout?: Duration;
}

export interface RestartOptions extends StartOptions {
  /** Flags to set (value) or drop (`null`) for this and later starts, e.g. `{ "log-level": "info" }`. */
  flags?: EtcdFlags;
}

export interface WaitForLogOptions {
  /** Default 10 s. */
  timeout?: Duration;
  /** Look only at lines written after the call (`"now"`) or since the latest start (`"start"`, default). */
  from?: "now" | "start";
}

export interface Member {
  /** `m0`, `m1`, … */
  readonly name: string;
  /** e.g. `http://127.0.0.1:41234` */
  readonly clientUrl: string;
  readonly peerUrl: string;
  readonly dataDir: string;
  /** pid of the running process, `undefined` when not running. */
  readonly pid: number | undefined;
  readonly state: MemberState;
  /** The member's command line for its next or current start, binary first. */
  readonly args: readonly string[];
  readonly log: MemberLog;
  /** Last exit, when the process has exited at least once. */
  readonly exit: ExitInfo | undefined;

  start(options?: StartOptions): Promise<void>;
  /** SIGTERM, then SIGKILL after `timeout` (default 5 s). Safe to call on a stopped member. */
  stop(options?: { timeout?: Duration }): Promise<ExitInfo>;
  /** Sends `signal` (default SIGKILL) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<ExitInfo>;
  /** SIGSTOP: the process hangs, its ports stay open. */
  pause(): Promise<void>;
  /** SIGCONT. */
  resume(): Promise<void>;
  restart(options?: RestartOptions): Promise<void>;
  /** Changes flags for the next start without starting. */
  setFlags(flags: EtcdFlags): void;
  /** Deletes the data dir's contents. The member must not be running. */
  wipe(): Promise<void>;
  /**
   * Damages the data dir on purpose. `wal`: garbles bytes in the newest WAL file; `snap`: garbles
   * the newest `.snap` file; `db`: truncates the bbolt file. The member must not be running.
   */
  damage(part: "wal" | "snap" | "db"): Promise<string>;
  /** Resolves once the member serves a linearizable read. */
  waitReady(options?: { timeout?: Duration }): Promise<void>;
  /** Resolves with the first log line matching `pattern`; rejects on timeout or exit. */
  waitForLog(pattern: string | RegExp, options?: WaitForLogOptions): Promise<string>;
  /** Resolves when the process exits (default limit 10 s). */
  waitExit(options?: { timeout?: Duration }): Promise<ExitInfo>;
  /** An etcd3 client to this member only; closed at teardown. */
  client(): Etcd3;
  /** etcdctl against this member only. */
  etcdctl: Etcdctl;
}

export interface AddMemberOptions {
  /** Register with `member add` first (default true). `false` makes a member that no cluster knows. */
  register?: boolean;
  /** Register as a learner (`member add --learner`). */
  learner?: boolean;
  /** Start it after registering (default true). */
  start?: boolean | StartOptions;
  flags?: EtcdFlags;
}

export interface Cluster {
  /** Members in creation order; a removed member stays listed, `stopped` (or `exited` if it had crashed). */
  readonly members: readonly Member[];
  /** By index (`0` is `m0`) or name. Throws on an unknown member. */
  member(which: number | string): Member;
  /** Client URLs of the members that are not stopped. */
  readonly endpoints: string[];
  /** The `--initial-cluster` value the members were started with. */
  readonly initialCluster: string;
  /** The member that currently leads, found by asking the running members. */
  leader(options?: { timeout?: Duration }): Promise<Member>;
  /** Resolves when every running member serves linearizable reads. */
  waitReady(options?: { timeout?: Duration }): Promise<void>;
  /** Creates a member `m<N>` with fresh ports and data dir; see AddMemberOptions. */
  add(options?: AddMemberOptions): Promise<Member>;
  /** `member remove` through the cluster, then stops the member. */
  remove(member: Member | string | number): Promise<void>;
  /** An etcd3 client to the given members (default: all endpoints); closed at teardown. */
  client(options?: { members?: Array<Member | string | number>; timeout?: Duration }): Etcd3;
  /** Stops every member (reverse order); safe to call twice. */
  stop(): Promise<void>;
}

/** Everything in scope in a `ts` step. */
export interface StepContext {
  /** etcd3 client to every endpoint of the cluster. */
  etcd: Etcd3;
  cluster: Cluster;
  etcdctl: Etcdctl;
  /** Vitest's expect. */
  expect: ExpectStatic;
  /** Kept with the step and shown on the page as its output. */
  log: (...values: unknown[]) => void;
  /** The etcd version under test, e.g. `{ version: "3.5.30", series: "3.5", major: 3, minor: 5, patch: 30 }`. */
  etcdVersion: EtcdVersion;
  /** A scratch directory for this playbook, removed afterwards. */
  tmpdir: string;
  /** Runs a bash script with the same environment a `sh` step gets. */
  sh(script: string, options?: CommandOptions): Promise<CommandResult>;
  /** Waits until `fn` returns a truthy value or `timeout` (default 10 s) passes; returns that value. */
  until<T>(fn: () => T | Promise<T>, options?: { timeout?: Duration; interval?: Duration; message?: string }): Promise<Truthy<T>>;
}

export interface EtcdVersion {
  version: string;
  series: string;
  major: number;
  minor: number;
  patch: number;
}

/** What `until` resolves with: its function's value, never a falsy one. */
export type Truthy<T> = Exclude<T, false | 0 | 0n | "" | null | undefined>;
