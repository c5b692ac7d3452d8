// Vitest reports a worker that the step watchdog stopped (../worker/watchdog-thread.ts) as an
// unhandled error, "Worker exited unexpectedly … while running test file X", and warns of false
// positives. For the CLI that is noise: the step's STEP_TIMEOUT says what happened, and fails the
// run. This tells such an error from a worker that died of anything else, which stays reported.
import path from "node:path";
import { readOwner, runDirsSync } from "../../etcd/index.ts";
import { runRoot } from "../../os/index.ts";
import { peekWatchdogRecords } from "../watchdog-record.ts";

/** Whether `error` is the death of a worker this process's watchdog stopped. */
export function stoppedByWatchdog(error: unknown, root: string): boolean {
  const text = `${(error as Error)?.message ?? ""}\n${((error as Error)?.cause as Error | undefined)?.message ?? ""}`;
  const m = /Worker exited unexpectedly with signal SIGKILL .*while running test file (.+)$/m.exec(text);
  if (!m) return false;
  const file = path.relative(root, m[1]!.trim()).split(path.sep).join("/");
  // Synchronous: Vitest asks while it records the error.
  const ours = runDirsSync(runRoot()).filter((dir) => readOwner(dir)?.pid === process.pid);
  return ours.some((dir) => peekWatchdogRecords(dir).some((r) => r.file === file));
}
