// A member as steps see it (the step API re-exports these): its addresses, state, log and the
// operations on it. ManagedMember implements it for members the runner starts, ExternalMember
// (read-only) for a user's cluster.
import type { Etcd3 } from "etcd3";
import type { Duration } from "../../../schema/duration.ts";
import type { EtcdFlags } from "../../../schema/frontmatter.ts";
import type { ExitInfo, MemberState } from "../../types.ts";
import type { Etcdctl } from "../clients/index.ts";
import type { DiskFaults, MemberTls, NetworkConditions, StallOptions } from "../faults/index.ts";

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
  /**
   * Start with another series' binary from now on, e.g. `"3.6"` (an upgrade) or `"3.5"` (a
   * downgrade); the series must be listed in the frontmatter's `cluster.versions`.
   */
  version?: string;
  /**
   * Disk faults from this start on, injected with strace, e.g. `{ fdatasync: { delay: "1500ms" } }`
   * (a slow disk), `{ write: { error: "EIO" }, files: "wal" }`, `{ full: true }`, or a data dir on
   * a small filesystem, `{ size: "64MB" }`; `null` clears them.
   */
  disk?: DiskFaults | null;
  /** Certificates its URLs serve and the CAs it trusts from this start on (made with `cluster.tls`); `null` on a side turns its TLS off. */
  tls?: MemberTls;
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
  /** The etcd version this member runs (or last ran, or will run next), e.g. `3.6.16`. */
  readonly version: string;
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
  /**
   * Sets this member's network conditions (merged with earlier ones) and returns them:
   * `{ latency: "150ms" }`, `{ drop: 0.3 }`, `{ blocked: true }`; `{ latency: "0ms" }` clears a
   * latency, `cluster.heal()` clears everything. Needs `cluster.network` in the frontmatter.
   */
  network(conditions: NetworkConditions): NetworkConditions;
  /**
   * Short repeated stalls (SIGSTOP for `for`, every `every`): a member starved of CPU. With
   * `times` it resolves after the last stall; without, it resolves at once and the stalls go on
   * until `stall(false)`, a stop or the end of the playbook.
   */
  stall(options: StallOptions | false): Promise<void>;
}
