// A program a background go step started, as later steps see it (the step API re-exports this).
import type { Duration } from "../../../schema/duration.ts";
import type { ExitInfo } from "../../types.ts";

/** running → stopped (by stop()) or exited (on its own, or by kill()). */
export type ProgramState = "running" | "stopped" | "exited";

export interface Program {
  /** The name of the step that started it. */
  readonly step: string;
  /** Its process id while it runs, `undefined` once it has ended. */
  readonly pid: number | undefined;
  readonly state: ProgramState;
  /** How it ended, once it has. */
  readonly exit: ExitInfo | undefined;
  /** The variables the runner gave it on top of its own environment, e.g. `{ M0_URL: "http://127.0.0.1:…", PORT1: "…" }`. */
  readonly env: Readonly<Record<string, string>>;
  /** Everything it printed so far, stdout and stderr in the order written. */
  output(): string;
  /**
   * The first line it printed that contains `pattern` (a string) or matches it (a RegExp), since it
   * started (default) or from now on; rejects on timeout (default 10 s) or when it exits first.
   */
  waitFor(pattern: string | RegExp, options?: { timeout?: Duration; from?: "start" | "now" }): Promise<string>;
  /** Sends `signal` (default SIGKILL) to the program and waits for it to end, e.g. `kill("SIGQUIT")` for Go's goroutine dump. */
  kill(signal?: NodeJS.Signals): Promise<ExitInfo>;
  /** SIGTERM to its process group, SIGKILL after `timeout` (default 5 s); safe once it has ended. */
  stop(options?: { timeout?: Duration }): Promise<ExitInfo>;
  /** Resolves when it ends (default limit 10 s). */
  waitExit(options?: { timeout?: Duration }): Promise<ExitInfo>;
}
