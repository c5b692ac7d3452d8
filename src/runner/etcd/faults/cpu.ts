// Short repeated stalls of one process: SIGSTOP, then SIGCONT `for` later, every `every` — a
// member starved of CPU (a noisy neighbour, a GC pause, a hypervisor steal) rather than one that
// hangs for good (member.pause()). The schedule runs on timers in the runner; it ends after
// `times` stalls, on `stop()`, or when the process exits, and always leaves the process running.
import { limitMs } from "../../../schema/duration.ts";
import { PlaybookError } from "../../errors/index.ts";
import { signalPid } from "../../os/index.ts";
import type { StallOptions } from "./types.ts";

export interface StallPlan {
  forMs: number;
  everyMs: number;
  times: number | undefined;
}

/** Checks a step's stall options; FAULT_INVALID says what is impossible. */
export function parseStall(options: StallOptions): StallPlan {
  const forMs = limitMs(options.for, -1);
  const everyMs = limitMs(options.every, -1);
  const bad = (what: string) => new PlaybookError("FAULT_INVALID", `impossible stall: ${what}`, { hint: 'For example stall({ for: "300ms", every: "1s" }) or stall({ for: "2s", every: "3s", times: 2 }).' });
  if (forMs <= 0) throw bad(`"for" must be a duration such as "300ms", not ${JSON.stringify(options.for)}`);
  if (everyMs <= 0) throw bad(`"every" must be a duration such as "1s", not ${JSON.stringify(options.every)}`);
  if (everyMs <= forMs) throw bad(`each stall (${forMs} ms) must be shorter than the period (${everyMs} ms), or the process never runs`);
  if (options.times !== undefined && !(Number.isInteger(options.times) && options.times > 0)) throw bad(`"times" must be a whole number above 0, not ${JSON.stringify(options.times)}`);
  return { forMs, everyMs, times: options.times };
}

export class Stalls {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private done!: () => void;
  /** Resolves when the schedule has ended and the process runs again. */
  readonly finished: Promise<void>;
  /** Stalls begun so far. */
  count = 0;
  private readonly pid: number;
  private readonly plan: StallPlan;

  constructor(pid: number, plan: StallPlan) {
    this.pid = pid;
    this.plan = plan;
    this.finished = new Promise((resolve) => (this.done = resolve));
    this.next();
  }

  private next(): void {
    if (this.stopped) return;
    if (this.plan.times !== undefined && this.count >= this.plan.times) return this.stop();
    this.count++;
    if (!signalPid(this.pid, "SIGSTOP")) return this.stop(); // the process is gone
    this.timer = setTimeout(() => {
      signalPid(this.pid, "SIGCONT");
      this.timer = setTimeout(() => this.next(), this.plan.everyMs - this.plan.forMs);
    }, this.plan.forMs);
  }

  /** Ends the schedule and continues the process (safe to call twice). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.stopped) signalPid(this.pid, "SIGCONT");
    this.stopped = true;
    this.done();
  }
}
