// Short-lived commands: etcdctl and the bash of sh steps (runProcess) to completion under a hard
// time limit, keeping stdout, stderr and both interleaved (a non-zero exit is a result, not an
// error: steps assert on `code`); and helper tools (gpgv, xz, dpkg-deb, cp) through `run`.
import { spawn } from "node:child_process";
import type { CommandResult } from "../context/types.ts";

export interface ProcessOptions {
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  input?: string;
  cwd?: string;
  /** Each chunk of stdout or stderr as it arrives (a step's live output). */
  onOutput?: (text: string) => void;
  /**
   * Run the child as the leader of its own process group, and on time-out or exit stop the whole
   * group (SIGTERM, then SIGKILL after 1 s): a script's `sleep` or backgrounded `&` child goes
   * with it. etcdctl has no children and nothing to flush, so without this a time-out is SIGKILL.
   */
  group?: boolean;
}

/** Runs a command to completion under a hard time limit. A non-zero exit is a result, not an error. */
export function runProcess(file: string, args: readonly string[], options: ProcessOptions): Promise<CommandResult & { timedOut: boolean }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(file, args, {
      env: options.env,
      cwd: options.cwd,
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      detached: options.group ?? false,
    });
    let stdout = "";
    let stderr = "";
    let output = "";
    let timedOut = false;
    const take = (to: "out" | "err") => (d: string) => {
      if (to === "out") stdout += d;
      else stderr += d;
      output += d;
      options.onOutput?.(d);
    };
    child.stdout!.setEncoding("utf8").on("data", take("out"));
    child.stderr!.setEncoding("utf8").on("data", take("err"));
    if (options.input !== undefined) child.stdin!.on("error", () => undefined).end(options.input);
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      if (!options.group) return void child.kill("SIGKILL");
      signalGroup("SIGTERM");
      setTimeout(() => signalGroup("SIGKILL"), 1000).unref();
    }, options.timeoutMs);
    const finish = (code: number | null, signal: NodeJS.Signals | null, extra = "") => {
      clearTimeout(timer);
      if (options.group) signalGroup("SIGKILL"); // leftovers of the group (a backgrounded `&` child)
      if (extra) ((stderr += extra), (output += extra));
      if (timedOut) ((stderr += `\n(killed after ${options.timeoutMs} ms)\n`), (output += `\n(killed after ${options.timeoutMs} ms)\n`));
      resolve({ code, signal, stdout, stderr, output, durationMs: Math.round(performance.now() - started), timedOut });
    };
    child.on("error", (error) => finish(127, null, `cannot run ${file}: ${error.message}\n`));
    child.on("close", (code, signal) => finish(code, signal));
  });
}

export interface ToolResult {
  code: number | null;
  stderr: string;
  error?: string;
}

/**
 * Runs a tool, feeding `input` and passing stdout to `onStdout` as text. Nothing waits without a
 * bound: a tool still running after `timeoutMs` (default 2 min; the largest, dpkg-deb on a 20 MB
 * package, takes well under a second) is killed and reported as an error.
 */
export function run(file: string, args: string[], input?: Buffer, onStdout?: (text: string) => void, timeoutMs = 120_000): Promise<ToolResult> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: [input ? "pipe" : "ignore", "pipe", "pipe"] });
    let stderr = "";
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.stdout!.setEncoding("utf8").on("data", (d: string) => onStdout?.(d));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ code: null, stderr, error: `${(error as NodeJS.ErrnoException).code ?? ""} ${error.message}` });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve(timedOut ? { code: null, stderr, error: `${file} did not finish within ${timeoutMs / 1000} s and was killed` } : { code, stderr });
    });
    if (input) child.stdin!.on("error", () => undefined).end(input);
  });
}
