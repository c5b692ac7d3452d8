// The OS side of a member: one spawned etcd process (a "run"), its signals, and bounded waits
// for it to exit or to change state. The member's state machine (member.ts) sits on top.
import { spawn, type ChildProcess } from "node:child_process";
import type { ExitInfo } from "../../context/types.ts";
import { PlaybookError } from "../../errors.ts";
import type { LogBuffer } from "./log.ts";
import { procState } from "../../os/proc.ts";
import { within } from "../../os/within.ts";

export interface Run {
  child: ChildProcess;
  pid: number;
  /** Resolves once the process has exited and its output is drained. */
  exited: Promise<ExitInfo>;
  /** How the run is meant to end: decides "stopped" versus "exited". */
  ending?: "stop" | "kill";
}

/**
 * The caller's environment without ETCD_*: etcd reads each as a flag, so an operator's ETCD_NAME
 * made a member exit and any other one added a warning to the log steps read (worker-env.ts).
 * Dropped here as well as in workers, for every user of this layer.
 */
function memberEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("ETCD_")));
}

/** Spawns `args` (binary first) with stdout and stderr into `log`; `onClose` runs before `exited` resolves. */
export function spawnRun(args: string[], log: LogBuffer, onClose: (run: Run, exit: ExitInfo) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(args[0]!, args.slice(1), { stdio: ["ignore", "pipe", "pipe"], env: memberEnv() });
    let resolveExit!: (e: ExitInfo) => void;
    const exited = new Promise<ExitInfo>((r) => (resolveExit = r));
    child.stdout!.setEncoding("utf8").on("data", (d: string) => log.write("stdout", d));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => log.write("stderr", d));
    // spawn failed (binary missing, not executable): no process, nothing to wait for.
    child.once("error", reject);
    child.once("spawn", () => {
      // Later errors (a failed kill of a process that is already gone) are not news.
      child.on("error", () => undefined);
      const run: Run = { child, pid: child.pid!, exited };
      // "close", not "exit": it comes after stdout/stderr are drained, so the log is complete.
      child.once("close", (code, signal) => {
        log.flush();
        const exit: ExitInfo = { code, signal };
        log.note(`--- ${new Date().toISOString()} exit: ${signal ?? `code ${code}`}`);
        onClose(run, exit);
        resolveExit(exit);
      });
      resolve(run);
    });
  });
}

export function signal(run: Run, sig: NodeJS.Signals): void {
  try {
    process.kill(run.pid, sig);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/** The exit after `sig`, or MEMBER_STATE when the process outlives `ms`. */
export async function exitAfter(run: Run, sig: string, name: string, ms = 10_000): Promise<ExitInfo> {
  const exit = await within(run.exited, ms);
  if (!exit) throw new PlaybookError("MEMBER_STATE", `${name} (pid ${run.pid}) did not exit within ${ms / 1000} s of ${sig}`);
  return exit;
}

/** Signals are delivered asynchronously; /proc shows when SIGSTOP/SIGCONT took effect. */
export async function untilProcState(run: Run, ok: (state: string) => boolean, what: string, name: string): Promise<void> {
  const deadline = performance.now() + 2_000;
  for (;;) {
    const s = await procState(run.pid);
    if (s === undefined || ok(s)) return;
    if (performance.now() > deadline) throw new PlaybookError("MEMBER_STATE", `${name} (pid ${run.pid}) is not ${what} 2 s after the signal (state ${s})`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
