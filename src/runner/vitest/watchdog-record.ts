// What a worker's watchdog (worker/watchdog-thread.ts) leaves for the main process when it had to
// stop a worker whose step never yielded: the worker is gone, so nothing reaches the reporters
// through Vitest. One JSON file per stopped worker in `<run dir>/watchdog/`; the results reporter
// reads it in place of "the worker died".
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export const WATCHDOG_DIR = "watchdog";

export interface WatchdogRecord {
  /** The worker the watchdog stopped. */
  pid: number;
  /** The playbook, repository-relative. */
  file: string;
  /** The step it blames: the one that overran, or the last one that ran when code it left blocked the worker. */
  step: { index: number; name: string; line: number };
  /** The error as a user reads it, `file:line step "…": … [STEP_TIMEOUT]` with hint and details. */
  error: { code: "STEP_TIMEOUT"; message: string; line: number };
  /** What the step printed before it hung. */
  output: string;
  /** The members' log tails, for the results file's snapshot. */
  snapshot: string;
  /** Steps that ended before, whose results died with the worker before Vitest passed them on. */
  ended: EndedStep[];
}

export interface EndedStep {
  index: number;
  status: "passed" | "failed" | "skipped";
  output: string;
  error?: { code: string; message: string; line: number };
}

export function writeWatchdogRecord(runDir: string, record: WatchdogRecord): void {
  const dir = path.join(runDir, WATCHDOG_DIR);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${record.pid}.json`), JSON.stringify(record));
}

/** The records in a run dir, left in place. */
export function peekWatchdogRecords(runDir: string): WatchdogRecord[] {
  return readRecords(runDir, false);
}

/**
 * The records in a run dir, each read once: taken out as they are read, so that a rerun in watch
 * mode does not see an earlier run's.
 */
export function takeWatchdogRecords(runDir: string): WatchdogRecord[] {
  return readRecords(runDir, true);
}

function readRecords(runDir: string, take: boolean): WatchdogRecord[] {
  const dir = path.join(runDir, WATCHDOG_DIR);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".json"));
  } catch {
    return [];
  }
  const records: WatchdogRecord[] = [];
  for (const name of names) {
    try {
      records.push(JSON.parse(readFileSync(path.join(dir, name), "utf8")) as WatchdogRecord);
    } catch {
      // half-written by a worker killed mid-write: nothing to read
    }
    if (take) rmSync(path.join(dir, name), { force: true });
  }
  return records;
}
