// The OS side of a member: one etcd process (a "run") started through the OS layer, its signals,
// and bounded waits for it to exit or to change state. The member's state machine sits on top.
import { MemberStateError } from "../../errors/index.ts";
import { procState, signalPid, startProcess, within, type LongProcess } from "../../os/index.ts";
import type { ExitInfo, MemberState } from "../../types.ts";
import type { LogBuffer } from "./log.ts";

export interface Run extends LongProcess {
  /** How the run is meant to end: decides "stopped" versus "exited". */
  ending?: "stop" | "kill";
}

/**
 * The caller's environment without ETCD_*: etcd reads each as a flag, so an operator's ETCD_NAME
 * made a member exit and any other one added a warning to the log steps read. Dropped here for
 * every user of this layer (workers drop them for their scripts too: vitest/worker/env.ts).
 */
function memberEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("ETCD_")));
}

/** Starts `args` (binary first) with stdout and stderr into `log`; `onClose` runs before `exited` resolves. */
export async function spawnRun(args: string[], log: LogBuffer, onClose: (run: Run, exit: ExitInfo) => void): Promise<Run> {
  let run: Run | undefined;
  const started = await startProcess(args, {
    env: memberEnv(),
    onOutput: (stream, text) => log.write(stream, text),
    onClose: (exit) => {
      log.flush();
      log.note(`--- ${new Date().toISOString()} exit: ${exit.signal ?? `code ${exit.code}`}`);
      // A process cannot close before startProcess resolved: "close" is registered on "spawn".
      onClose(run!, exit);
    },
  });
  run = started;
  return run;
}

export function signal(run: Run, sig: NodeJS.Signals): void {
  signalPid(run.pid, sig);
}

/** The exit after `sig`, or MEMBER_STATE when the process outlives `ms`. */
export async function exitAfter(run: Run, sig: string, name: string, state: MemberState, ms = 10_000): Promise<ExitInfo> {
  const exit = await within(run.exited, ms);
  if (!exit) throw new MemberStateError(name, state, `${name} (pid ${run.pid}) did not exit within ${ms / 1000} s of ${sig}`);
  return exit;
}

/** Signals are delivered asynchronously; /proc shows when SIGSTOP/SIGCONT took effect. */
export async function untilProcState(run: Run, ok: (state: string) => boolean, what: string, name: string, state: MemberState): Promise<void> {
  const deadline = performance.now() + 2_000;
  for (;;) {
    const s = await procState(run.pid);
    if (s === undefined || ok(s)) return;
    if (performance.now() > deadline) throw new MemberStateError(name, state, `${name} (pid ${run.pid}) is not ${what} 2 s after the signal (state ${s})`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/**
 * SIGTERM, then SIGKILL once `graceMs` has passed (at once when it is 0). A paused (SIGSTOP)
 * process does not act on SIGTERM until it is continued, so it gets SIGCONT too.
 */
export async function stopRun(run: Run, graceMs: number, state: MemberState, name: string): Promise<ExitInfo> {
  if (graceMs > 0) {
    signal(run, "SIGTERM");
    if (state === "paused") signal(run, "SIGCONT");
    const graceful = await within(run.exited, graceMs);
    if (graceful) return graceful;
  }
  signal(run, "SIGKILL");
  return exitAfter(run, "SIGKILL", name, state);
}
