// The OS side of a member: one etcd process (a "run") started through the OS layer, its signals,
// and bounded waits for it to exit or to change state. The member's state machine sits on top.
import { MemberStateError } from "../../errors/index.ts";
import { childPids, signalPid, startProcess, threadStates, within, type LongProcess } from "../../os/index.ts";
import type { ExitInfo, MemberState } from "../../types.ts";
import type { LogBuffer } from "./log.ts";

export interface Run extends LongProcess {
  /** How the run is meant to end: decides "stopped" versus "exited". */
  ending?: "stop" | "kill";
  /** etcd's pid when `pid` is a tracer running it (disk faults): signals go to etcd. */
  target?: number;
  /** Set when the process has exited: a traced run can end while its tracee is still being looked for. */
  closed?: boolean;
}

/**
 * The caller's environment without ETCD_*: etcd reads each as a flag, so an operator's ETCD_NAME
 * made a member exit and any other one added a warning to the log steps read. Dropped here for
 * every user of this layer (workers drop them for their scripts too: vitest/worker/env.ts).
 */
function memberEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("ETCD_")));
}

/**
 * Starts `args` (binary first) with stdout and stderr into `log`; `onClose` runs before `exited`
 * resolves. With `helper` (its environment mark), args[0] is a tracer that starts etcd as its
 * child: the run's `target` is that child, found in /proc before this resolves.
 */
export async function spawnRun(args: string[], log: LogBuffer, helper: Record<string, string> | undefined, onClose: (run: Run, exit: ExitInfo) => void): Promise<Run> {
  let run: Run | undefined;
  const started = await startProcess(args, {
    env: { ...memberEnv(), ...helper },
    onOutput: (stream, text) => log.write(stream, text),
    onClose: (exit) => {
      log.flush();
      log.note(`--- ${new Date().toISOString()} exit: ${exit.signal ?? `code ${exit.code}`}`);
      // A process cannot close before startProcess resolved: "close" is registered on "spawn".
      run!.closed = true;
      onClose(run!, exit);
    },
  });
  run = started;
  if (helper) run.target = await tracee(run);
  return run;
}

/** The tracer's child: strace forks it at once; a tracer that exits first has none. */
async function tracee(run: Run): Promise<number | undefined> {
  const deadline = performance.now() + 5_000;
  let gone = false;
  void run.exited.then(() => (gone = true));
  while (!gone && performance.now() < deadline) {
    const [child] = await childPids(run.pid);
    if (child !== undefined) return child;
    await new Promise((r) => setTimeout(r, 2));
  }
  return undefined;
}

export function signal(run: Run, sig: NodeJS.Signals): void {
  signalPid(run.target ?? run.pid, sig);
}

const stopped = (s: string) => s === "T" || s === "t";

/**
 * SIGSTOP, until /proc shows every thread stopped (`t` for a traced process: strace holds it in a
 * group-stop). Threads, not the process's own line: under strace a single thread sits in `t` for
 * the length of an injected delay while the others run, so one line cannot tell the two apart.
 */
export async function pauseRun(run: Run, name: string, state: MemberState): Promise<void> {
  signal(run, "SIGSTOP");
  await untilProcState(run, (threads) => threads.every(stopped), "stopped (T)", name, state);
}

/** SIGCONT, until some thread runs again (the others may still sit in a tracer's delay). */
export async function resumeRun(run: Run, name: string, state: MemberState): Promise<void> {
  signal(run, "SIGCONT");
  await untilProcState(run, (threads) => threads.some((s) => !stopped(s)), "running", name, state);
}

/** The exit within `ms`, or MEMBER_STATE quoting the log's tail. */
export async function exitWithin(run: Run, ms: number, name: string, state: MemberState, tail: string): Promise<ExitInfo> {
  const exit = await within(run.exited, ms);
  if (!exit) throw new MemberStateError(name, state, `${name} (pid ${run.target ?? run.pid}) was still running after ${ms / 1000} s`, { details: tail });
  return exit;
}

/** The exit after `sig`, or MEMBER_STATE when the process outlives `ms`. */
export async function exitAfter(run: Run, sig: string, name: string, state: MemberState, ms = 10_000): Promise<ExitInfo> {
  const exit = await within(run.exited, ms);
  if (!exit) throw new MemberStateError(name, state, `${name} (pid ${run.pid}) did not exit within ${ms / 1000} s of ${sig}`);
  return exit;
}

/** Signals are delivered asynchronously; /proc shows when SIGSTOP/SIGCONT took effect. */
export async function untilProcState(run: Run, ok: (threads: string[]) => boolean, what: string, name: string, state: MemberState): Promise<void> {
  const deadline = performance.now() + 2_000;
  for (;;) {
    const threads = await threadStates(run.target ?? run.pid);
    if (threads.length === 0 || ok(threads)) return;
    if (performance.now() > deadline) throw new MemberStateError(name, state, `${name} (pid ${run.pid}) is not ${what} 2 s after the signal (threads ${threads.join("")})`);
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
  return killRun(run, name, state);
}

/**
 * After SIGKILL to etcd, how long its tracer gets to reap it and exit. strace lets a killed thread
 * go only once its injected delay ends; one soak run (2026-12-03, 1.2 s fdatasync delays) had a
 * strace outlive its dead etcd for over 20 s.
 */
const TRACER_AFTER_KILL_MS = 2_000;

/** SIGKILL to etcd, then to a tracer that is still there TRACER_AFTER_KILL_MS later; the exit, or MEMBER_STATE. */
export async function killRun(run: Run, name: string, state: MemberState): Promise<ExitInfo> {
  signal(run, "SIGKILL");
  if (run.target !== undefined && !(await within(run.exited, TRACER_AFTER_KILL_MS))) signalPid(run.pid, "SIGKILL");
  return exitAfter(run, "SIGKILL", name, state);
}
