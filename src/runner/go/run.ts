// Running the go command: in a dir, under a time limit, in the environment it is given — the
// machine's, as it is. Nothing here sets or clears GOPROXY, GOSUMDB, GONOSUMDB, GOFLAGS or
// GOTOOLCHAIN: where modules come from and how they are checked is the machine owner's decision,
// and a build must fail rather than go around it.
import { runProcess, type ProcessResult } from "../os/index.ts";
import type { GoToolchain } from "./toolchain.ts";

export interface GoRunOptions {
  /** The module dir the command runs in. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** An overall deadline (the caller's), on top of `timeoutMs`. */
  signal?: AbortSignal;
  /**
   * Keep a go.work found above `cwd` (or named by GOWORK) out of this command (GOWORK=off). For a
   * module generated in a cache dir: a workspace in $HOME must not swap its dependencies.
   */
  isolated?: boolean;
  onOutput?: (text: string) => void;
}

/**
 * Runs `go <args>`. A non-zero exit is a result (see `goFailure`). Not a process group: Ctrl-C in
 * a terminal then reaches go, which stops its compilers; on a time-out go is killed and a compile
 * it had started finishes on its own within seconds.
 */
export function runGo(toolchain: GoToolchain, args: readonly string[], options: GoRunOptions): Promise<ProcessResult> {
  const env = options.isolated ? { ...options.env, GOWORK: "off" } : options.env;
  return runProcess(toolchain.go, args, {
    env,
    cwd: options.cwd,
    timeoutMs: options.timeoutMs,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onOutput ? { onOutput: options.onOutput } : {}),
  });
}
