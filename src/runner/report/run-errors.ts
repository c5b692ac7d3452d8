// Errors Vitest caught outside any test's own result — a promise a step left rejecting with nobody
// awaiting it, a worker that died — fail the playbook they happened in: its steps may all have
// passed, but the run did not, and the results file must not say more than the run did.
import path from "node:path";

/** An unhandled error of the run, with the playbook it happened in when Vitest knows it. */
export interface RunError {
  /** Absolute path of the test module (Vitest's VITEST_TEST_PATH, or the one a dead worker was running). */
  module?: string;
  /** The test (step) that was running, when Vitest says. */
  test?: string;
  message: string;
  /** A dead worker, rather than an error inside one. */
  workerDied: boolean;
}

export function runErrors(errors: ReadonlyArray<unknown>): RunError[] {
  return errors.map((e) => {
    const error = (e ?? {}) as { message?: string; cause?: { message?: string }; VITEST_TEST_PATH?: string; VITEST_TEST_NAME?: string };
    const text = `${error.message ?? String(e)}\n${error.cause?.message ?? ""}`;
    const died = /Worker exited unexpectedly (with .*?)?during .*?(?: while running test file (.+))?$/m.exec(text);
    const module = error.VITEST_TEST_PATH ?? died?.[2]?.trim();
    return {
      ...(module ? { module: path.resolve(module) } : {}),
      ...(error.VITEST_TEST_NAME ? { test: error.VITEST_TEST_NAME } : {}),
      message: died ? `died ${died[1] ?? ""}`.trim() : (error.message ?? String(e)).split("\n")[0]!,
      workerDied: died !== null,
    };
  });
}

/**
 * The error a playbook's entry records for the run errors that concern it: those in its module,
 * and those Vitest could place nowhere (which may have been anywhere). Undefined when none.
 */
export function runErrorOf(moduleId: string, file: string, errors: RunError[]): { code: "UNHANDLED_ERROR"; message: string } | undefined {
  const mine = errors.filter((e) => e.module === undefined || e.module === path.resolve(moduleId));
  const first = mine[0];
  if (!first) return undefined;
  // Vitest names the test that was running when the error arrived; a step before it may have started what failed.
  const when = first.test ? ` arrived during step "${first.test}"` : "";
  const what = first.workerDied ? `the worker running this playbook ${first.message}` : `an error no step caught${when}: ${first.message}`;
  const more = mine.length > 1 ? ` (and ${mine.length - 1} more)` : "";
  return { code: "UNHANDLED_ERROR", message: `${file}: ${what}${more} [UNHANDLED_ERROR]` };
}
