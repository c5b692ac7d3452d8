// A failed go command as a person should read it: what failed in one line, and the last lines
// the go command and its compilers printed — the error is at the end, after the noise of
// `go: downloading …` lines, which are dropped.
import type { ProcessResult } from "../os/index.ts";

export interface GoFailure {
  /** e.g. `go build exited with 1` */
  summary: string;
  /** The last lines of its output, e.g. `# runtime/cgo\ncgo: C compiler "cc" not found: …`. */
  lastLines: string;
}

/** Undefined when the command succeeded. */
export function goFailure(args: readonly string[], r: ProcessResult, lines = 20): GoFailure | undefined {
  if (r.code === 0 && !r.timedOut && !r.spawnError) return undefined;
  const what = `go ${args[0] ?? ""}`.trim();
  const summary = r.spawnError
    ? `cannot run ${what}: ${r.spawnError.message}`
    : r.timedOut
      ? `${what} did not finish within ${Math.round(r.durationMs / 1000)} s and was stopped`
      : `${what} exited with ${r.code ?? r.signal}`;
  const kept = r.output
    .split("\n")
    .map((l) => l.trimEnd())
    .filter((l) => l && !l.startsWith("go: downloading "));
  return { summary, lastLines: kept.slice(-lines).join("\n") };
}
