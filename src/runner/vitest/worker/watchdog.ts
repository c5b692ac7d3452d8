// The worker's side of the step watchdog (./watchdog-thread.ts does the watching). The run tells it
// which phase it is in — a step with its limit, or the time between steps — and what the step
// prints; a worker thread keeps the time, outside the event loop a step may never give back.
import { Worker } from "node:worker_threads";
import type { EndedStep } from "../watchdog-record.ts";

export interface WatchdogInit {
  /** The playbook, repository-relative. */
  file: string;
  /** Where the record for the main process goes (../watchdog-record.ts). */
  runDir: string;
}

type BlamedStep = { index: number; name: string; line: number };

/** A step and its limit, or the time after a step until the next phase (teardown included). */
export type WatchedPhase = { kind: "step" | "after"; step: BlamedStep; limitMs: number };

export type WatchdogMessage =
  | { type: "arm"; phase: WatchedPhase; graceMs: number }
  | { type: "extend"; ms: number }
  | { type: "disarm" }
  | { type: "output"; text: string }
  | { type: "members"; members: { name: string; dir: string }[] }
  | { type: "ended"; step: EndedStep };

/**
 * Past its limit, a step whose own timer is alive fails by itself within milliseconds; the
 * watchdog waits this much longer, so that it acts only on a worker that did not get there, never
 * on one whose event loop a loaded machine merely delayed (a worker killed then would lose the
 * full failure snapshot, and a step that ended just in time its pass).
 */
const GRACE_MS = 5_000;

export class Watchdog {
  private readonly thread: Worker;

  constructor(init: WatchdogInit) {
    this.thread = new Worker(new URL("./watchdog-thread.ts", import.meta.url), { workerData: init });
    // It must never keep a finished worker alive.
    this.thread.unref();
  }

  arm(phase: WatchedPhase): void {
    this.post({ type: "arm", phase, graceMs: GRACE_MS });
  }

  /** The step's own timer fired: the worker is alive; `ms` for the failure snapshot before the watchdog acts. */
  extend(ms: number): void {
    this.post({ type: "extend", ms });
  }

  disarm(): void {
    this.post({ type: "disarm" });
  }

  output(text: string): void {
    this.post({ type: "output", text });
  }

  /** A step's result, kept for the record: Vitest passes results on in batches, and a killed worker's last batch is lost. */
  ended(step: EndedStep): void {
    this.post({ type: "ended", step });
  }

  /** The members whose log tails go into the record (members can be added by steps). */
  members(members: { name: string; dir: string }[]): void {
    this.post({ type: "members", members });
  }

  async close(): Promise<void> {
    await this.thread.terminate();
  }

  private post(message: WatchdogMessage): void {
    this.thread.postMessage(message);
  }
}
