// The one owner of child processes. Two shapes:
// - runProcess: a command run to completion under a hard time limit, keeping stdout, stderr and
//   both interleaved (a non-zero exit is a result, not an error: steps assert on `code`). etcdctl,
//   the bash of sh steps, helper tools (gpgv, xz, dpkg-deb, cp, go) and `etcd --version` use it.
// - startProcess: a long-lived child (an etcd member) whose output is handed on as it arrives and
//   whose exit is a promise that resolves once its output is drained.
import { spawn, type ChildProcess } from "node:child_process";
import type { CommandResult, ExitInfo } from "../types.ts";

export interface ProcessOptions {
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  input?: string | Buffer;
  cwd?: string;
  /** Each chunk of stdout or stderr as it arrives (a step's live output). */
  onOutput?: (text: string) => void;
  /** Each chunk of stdout alone, e.g. to stream a large output instead of holding it. */
  onStdout?: (text: string) => void;
  /** Keep stdout in the result (default true); stderr is always kept. */
  keepStdout?: boolean;
  /**
   * Run the child as the leader of its own process group, and on time-out or exit stop the whole
   * group (SIGTERM, then SIGKILL after 1 s): a script's `sleep` or backgrounded `&` child goes
   * with it. etcdctl has no children and nothing to flush, so without this a time-out is SIGKILL.
   */
  group?: boolean;
  /** Stops the child as the time limit would (an overall deadline that outlives this command). */
  signal?: AbortSignal;
}

export interface ProcessResult extends CommandResult {
  timedOut: boolean;
  /** Set when the process could not be started at all (ENOENT, EACCES…); `code` is then 127. */
  spawnError?: NodeJS.ErrnoException;
}

/** Sends `sig` to `pid` (or to its group with a negative pid); a process already gone is not an error. */
export function signalPid(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
    return false;
  }
}

/** Runs a command to completion under a hard time limit. A non-zero exit is a result, not an error. */
export function runProcess(file: string, args: readonly string[], options: ProcessOptions): Promise<ProcessResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(file, args, {
      env: options.env,
      cwd: options.cwd,
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      detached: options.group ?? false,
    });
    let [stdout, stderr, output] = ["", "", ""];
    let timedOut = false;
    const keep = options.keepStdout !== false;
    child.stdout!.setEncoding("utf8").on("data", (d: string) => {
      if (keep) ((stdout += d), (output += d));
      options.onStdout?.(d);
      options.onOutput?.(d);
    });
    child.stderr!.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
      output += d;
      options.onOutput?.(d);
    });
    if (options.input !== undefined) child.stdin!.on("error", () => undefined).end(options.input);
    const stop = (sig: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      if (options.group) signalPid(-child.pid, sig);
      else child.kill(sig);
    };
    const expire = () => {
      if (timedOut) return;
      timedOut = true;
      if (!options.group) return stop("SIGKILL");
      stop("SIGTERM");
      setTimeout(() => stop("SIGKILL"), 1000).unref();
    };
    const timer = setTimeout(expire, options.timeoutMs);
    options.signal?.addEventListener("abort", expire, { once: true });
    if (options.signal?.aborted) expire();
    let settled = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null, spawnError?: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", expire);
      if (options.group) stop("SIGKILL"); // leftovers of the group (a backgrounded `&` child)
      const killed = options.signal?.aborted ? "killed: the overall time limit ran out" : `killed after ${options.timeoutMs} ms`;
      const extra = spawnError ? `cannot run ${file}: ${spawnError.message}\n` : timedOut ? `\n(${killed})\n` : "";
      resolve({
        code,
        signal,
        stdout,
        stderr: stderr + extra,
        output: output + extra,
        durationMs: Math.round(performance.now() - started),
        timedOut,
        ...(spawnError ? { spawnError } : {}),
      });
    };
    child.on("error", (error) => finish(127, null, error));
    child.on("close", (code, signal) => finish(code, signal));
  });
}

/** A helper tool's failure in one line (cannot run, timed out, non-zero exit), or undefined. */
export function toolFailure(file: string, r: ProcessResult): string | undefined {
  if (r.spawnError) return `cannot run ${file}: ${r.spawnError.code ?? ""} ${r.spawnError.message}`.trim();
  if (r.timedOut) return `${file} did not finish within ${r.durationMs / 1000} s and was killed`;
  if (r.code !== 0) return `${file} exited with ${r.code ?? r.signal}: ${r.stderr.trim().split("\n").slice(-5).join("\n")}`;
  return undefined;
}

/** A long-lived child. */
export interface LongProcess {
  child: ChildProcess;
  pid: number;
  /** Resolves once the process has exited and its output is drained. */
  exited: Promise<ExitInfo>;
}

/**
 * Starts `args` (binary first) with stdout and stderr handed to `onOutput` as they arrive.
 * Rejects when the process cannot be started; `onClose` runs before `exited` resolves.
 */
export function startProcess(
  args: readonly string[],
  options: {
    env: NodeJS.ProcessEnv;
    onOutput: (stream: "stdout" | "stderr", text: string) => void;
    onClose?: (exit: ExitInfo) => void;
    cwd?: string;
    /** Lead a process group of its own (a go step's program: what it starts goes with it). */
    group?: boolean;
  },
): Promise<LongProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(args[0]!, args.slice(1), { stdio: ["ignore", "pipe", "pipe"], env: options.env, cwd: options.cwd, detached: options.group ?? false });
    let resolveExit!: (e: ExitInfo) => void;
    const exited = new Promise<ExitInfo>((r) => (resolveExit = r));
    child.stdout!.setEncoding("utf8").on("data", (d: string) => options.onOutput("stdout", d));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => options.onOutput("stderr", d));
    // spawn failed (binary missing, not executable): no process, nothing to wait for.
    child.once("error", reject);
    child.once("spawn", () => {
      // Later errors (a failed kill of a process that is already gone) are not news.
      child.on("error", () => undefined);
      // "close", not "exit": it comes after stdout/stderr are drained, so the output is complete.
      child.once("close", (code, signal) => {
        const exit: ExitInfo = { code, signal };
        options.onClose?.(exit);
        resolveExit(exit);
      });
      resolve({ child, pid: child.pid!, exited });
    });
  });
}
