// Runs a command to completion with a time limit, keeping stdout, stderr and both interleaved.
// The child leads its own process group so a time-out stops everything it started.
import { spawn } from "node:child_process";
import type { CommandResult } from "./types.ts";

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string;
  timeoutMs: number;
  onOutput?: (text: string) => void;
}

export function runCommand(file: string, args: readonly string[], options: RunOptions): Promise<CommandResult & { timedOut: boolean }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: options.env,
      cwd: options.cwd,
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    let output = "";
    let timedOut = false;
    child.stdout!.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
      output += d;
      options.onOutput?.(d);
    });
    child.stderr!.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
      output += d;
      options.onOutput?.(d);
    });
    if (options.input !== undefined) child.stdin!.end(options.input);
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup("SIGTERM");
      setTimeout(() => killGroup("SIGKILL"), 1000).unref();
    }, options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      killGroup("SIGKILL"); // leftovers of the group (a backgrounded `&` child) go with it
      resolve({ code, signal, stdout, stderr, output, durationMs: performance.now() - started, timedOut });
    });
  });
}
