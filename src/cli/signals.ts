// Ctrl-C and SIGTERM during a run. Vitest's own handler exits the process a millisecond after the
// signal, before global teardown has stopped any etcd; this one takes its place (installed from
// a reporter's onInit, once Vitest has registered its handler): it closes Vitest — whose global
// teardown reaps the run dir, stopping every member of every worker — within a bound, then exits
// 130 (SIGINT) or 143 (SIGTERM). A second signal exits at once; the next run reaps what is left.
import type { Reporter, Vitest } from "vitest/node";

const CLOSE_BOUND_MS = 20_000;

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
    const bound = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_BOUND_MS).unref());
    await Promise.race([vitest.close().catch(() => {}), bound]);
    process.exit(code);
  }
}
