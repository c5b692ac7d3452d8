// Value types shared by every layer of the runner: the etcd layer produces them, the step API
// (context/types.ts) re-exports them to playbooks. Nothing here imports the rest of the runner.
import type { Duration } from "../schema/duration.ts";

/** An etcd version, e.g. `{ version: "3.6.16", series: "3.6", major: 3, minor: 6, patch: 16 }`. */
export interface EtcdVersion {
  version: string;
  series: string;
  major: number;
  minor: number;
  patch: number;
}

/** How a process ended: an exit status, or the signal that killed it. */
export interface ExitInfo {
  /** Exit status; `null` when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** What a finished command printed. */
export interface CommandResult extends ExitInfo {
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

/** A member's life: new → starting → running ⇄ paused → stopped (by stop()) or exited (on its own, or kill()). */
export type MemberState = "new" | "starting" | "running" | "paused" | "stopped" | "exited";

/** What `until` resolves with: its function's value, never a falsy one. */
export type Truthy<T> = Exclude<T, false | 0 | 0n | "" | null | undefined>;
