// Ctrl-C and SIGTERM during a run. Vitest's own handler exits the process a millisecond after the
// signal, before anything has stopped an etcd; this one takes its place (installed from a
// reporter's onInit, once Vitest has registered its handler). It cancels the run, gives the
// workers a short grace to tear down, kills those still busy and reaps this run's dirs
// (./interrupt.ts: Vitest's close alone would wait for a hung step to reach its limit), lets
// Vitest close within a bound, then exits 130 (SIGINT) or 143 (SIGTERM). A second signal exits at once; the next run reaps whatever is left.
// Under `npm run`, npm's death counts as a SIGTERM (see onInit).
import type { Reporter, Vitest } from "vitest/node";
import { killWorkers, reapOwnRunDirs } from "./interrupt.ts";

/** How long workers get to tear their playbooks down themselves after Vitest cancels the run. */
const WORKER_GRACE_MS = 3_000;
/** Vitest's close after the reap: its global teardowns and servers, nothing of ours any more. */
const CLOSE_BOUND_MS = 5_000;
/** How often a runner started by `npm run` checks that npm is still there. */
const PARENT_POLL_MS = 500;
/** The parent at start-up: npm may be gone before Vitest starts (binaries are resolved first). */
const PARENT_AT_START = process.ppid;

export class SignalGuard implements Reporter {
  /**
   * Set on the first signal; settles only by the process exiting with 130/143. The CLI awaits it
   * when Vitest's run ends first (a worker that got the Ctrl-C too dies, and the run is over),
   * so that it does not exit 1 in the middle of the clean-up.
   */
  stopping: Promise<never> | undefined;
  /** With --keep, the first Ctrl-C only releases the kept cluster; the run then ends normally. */
  private readonly release: (() => boolean) | undefined;

  constructor(release?: () => boolean) {
    this.release = release;
  }

  onInit(vitest: Vitest): void {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.removeAllListeners(signal);
      process.on(signal, () => {
        if (this.stopping) process.exit(signal === "SIGINT" ? 130 : 143);
        if (this.release?.()) {
          process.stderr.write("\nStopping the kept cluster and removing its data…\n");
          return;
        }
        this.stopping = this.stop(signal, vitest);
      });
    }
    // `npm run playbook` starts this process under npm (through a shell). A SIGTERM to npm alone,
    // as CI systems and `timeout` send it, ends npm and the shell at once and reaches nothing
    // here: the runner would go on orphaned, its members with it. Under npm (which names the
    // script in npm_lifecycle_event), losing the parent is that SIGTERM.
    if (!process.env.npm_lifecycle_event) return;
    const parent = PARENT_AT_START;
    const watch = setInterval(() => {
      if (process.ppid === parent || this.stopping) return;
      clearInterval(watch);
      this.stopping = this.stop("SIGTERM", vitest, `npm (pid ${parent}) is gone`);
    }, PARENT_POLL_MS);
    watch.unref();
  }

  private async stop(signal: "SIGINT" | "SIGTERM", vitest: Vitest, why: string = signal): Promise<never> {
    const code = signal === "SIGINT" ? 130 : 143;
    process.stderr.write(`\n${why}: stopping every etcd member of this run and removing its data…\n`);
    // No new playbook starts, and Vitest aborts the running tests: most workers then run their
    // playbooks' teardown and exit by themselves. Those still busy after the grace (a step that
    // does not yield) are killed; the reap below stops whatever they started.
    const cancelled = vitest.cancelCurrentRun("keyboard-input").catch(() => {});
    await Promise.race([cancelled, new Promise<void>((resolve) => setTimeout(resolve, WORKER_GRACE_MS).unref())]);
    await killWorkers();
    const report = await reapOwnRunDirs();
    for (const e of report.errors) process.stderr.write(`could not clean up: ${e}\n`);
    const bound = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_BOUND_MS).unref());
    await Promise.race([vitest.close().catch(() => {}), bound]);
    process.exit(code);
  }
}
