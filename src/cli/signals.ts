// Ctrl-C and SIGTERM during a run. Vitest's own handler exits the process a millisecond after the
// signal, before anything has stopped an etcd; this one takes its place (installed from a
// reporter's onInit, once Vitest has registered its handler). It stops the workers and reaps
// this run's dirs at once (./interrupt.ts: waiting for Vitest to close would wait for a hung
// step to reach its limit), lets Vitest close within a bound, then exits 130 (SIGINT) or 143
// (SIGTERM). A second signal exits at once; the next run reaps whatever is left.
import type { Reporter, Vitest } from "vitest/node";
import { killWorkers, reapOwnRunDirs } from "./interrupt.ts";

/** Vitest's close after the reap: its global teardowns and servers, nothing of ours any more. */
const CLOSE_BOUND_MS = 5_000;

export class SignalGuard implements Reporter {
  private stopping = false;
  /** With --keep, the first Ctrl-C only releases the kept cluster; the run then ends normally. */
  private readonly release: (() => boolean) | undefined;

  constructor(release?: () => boolean) {
    this.release = release;
  }

  onInit(vitest: Vitest): void {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.removeAllListeners(signal);
      process.on(signal, () => void this.handle(signal, vitest));
    }
  }

  private async handle(signal: "SIGINT" | "SIGTERM", vitest: Vitest): Promise<void> {
    const code = signal === "SIGINT" ? 130 : 143;
    if (this.stopping) process.exit(code);
    if (this.release?.()) {
      process.stderr.write("\nStopping the kept cluster and removing its data…\n");
      return;
    }
    this.stopping = true;
    process.stderr.write(`\n${signal}: stopping every etcd member of this run and removing its data…\n`);
    // No new playbook starts; the running ones end with their workers.
    void vitest.cancelCurrentRun("keyboard-input").catch(() => {});
    await killWorkers();
    const report = await reapOwnRunDirs();
    for (const e of report.errors) process.stderr.write(`could not clean up: ${e}\n`);
    const bound = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_BOUND_MS).unref());
    await Promise.race([vitest.close().catch(() => {}), bound]);
    process.exit(code);
  }
}
