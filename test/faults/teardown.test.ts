// Issue 5, "teardown, always" and "time limits", for runs that end by themselves: the real CLI
// over fixture playbooks (test/fixtures/faults/teardown/<scenario>/), then /proc and the file
// system are searched for what the run left.
import { describe, expect, test } from "vitest";
import { FIXTURES, removeResults, runCli } from "../helpers/cli.ts";
import { expectNoLeftovers, notedMembers, runDirOf, takeKeptDirs } from "../helpers/leftovers.ts";
import { isGone } from "../helpers/procs.ts";

const dir = (scenario: string) => `${FIXTURES}/teardown/${scenario}`;

describe("a run that ends leaves no etcd process and no run dir", () => {
  test.each([
    { scenario: "passes", code: 0, status: "passed", error: undefined },
    { scenario: "fails", code: 1, status: "failed", error: { code: "STEP_FAILED", line: 15, text: 'fails.mdx:15 step "Expect what etcd does not have": expected \'v\' to be \'w\'' } },
    { scenario: "throws", code: 1, status: "failed", error: { code: "STEP_FAILED", line: 14, text: 'throws.mdx:14 step "Throw": thrown on purpose' } },
  ])("$scenario", async ({ scenario, code, status, error }) => {
    const run = await runCli([], { dir: dir(scenario) });
    try {
      expect(run.code, run.out).toBe(code);
      const results = run.readResults();
      expect(results.playbooks.map((p) => p.status)).toEqual([status]);
      if (error) {
        const failed = results.playbooks[0]!.steps.find((s) => s.status === "failed");
        expect(failed?.status === "failed" && { code: failed.error.code, line: failed.error.line }).toEqual({ code: error.code, line: error.line });
        expect(run.out).toContain(error.text);
        expect(takeKeptDirs(run.out)).toHaveLength(1);
      } else {
        expect(takeKeptDirs(run.out)).toEqual([]);
      }
      const members = notedMembers(results);
      expect(members).toHaveLength(1);
      expectNoLeftovers({ pids: members.map((m) => m.pid), runDirs: members.map((m) => runDirOf(m.dataDir)), runnerPid: run.pid });
    } finally {
      removeResults(run);
    }
  });
});

describe("a step that never ends", () => {
  test("fails at its limit with its MDX line, its output and the members' log tails; its members stop; the next playbook runs", async () => {
    const run = await runCli([], { dir: dir("timeout") });
    try {
      expect(run.code, run.out).toBe(1);
      // One paragraph names the file, the line, the limit, and what the step printed before it hung.
      expect(run.out).toContain(
        [
          'test/fixtures/faults/teardown/timeout/hung.mdx:13 step "Hang": did not finish within 2 s [STEP_TIMEOUT]',
          '  → A wait without an end? Bound it (waitForLog/until take a timeout), or raise the limit with timeout="60s" on the step.',
          "    output so far:",
          "    waiting for a promise that never settles",
        ].join("\n"),
      );
      // The failure snapshot: the member's state and the tail of its log.
      expect(run.out).toMatch(/\nm0 running pid \d+ http:\/\/127\.0\.0\.1:\d+ data \S+hung\.mdx\S+\n(?: {4}.*\n)*? {4}.*(ready to serve client requests|serving client)/);
      // Vitest's code frame is the MDX file at that line, not the runner's source.
      expect(run.out).toContain("❯ test/fixtures/faults/teardown/timeout/hung.mdx:13:1");
      expect(run.out).not.toContain("src/runner/vitest/");
      expect(run.out).not.toContain("TEARDOWN_FAILED");

      // A step's own timeout="1s" wins over its playbook's 20 s.
      expect(run.out).toContain('test/fixtures/faults/teardown/timeout/step-limit.mdx:8 step "Hang past its own limit": did not finish within 1 s [STEP_TIMEOUT]');
      // Its script (limit 300 s) is stopped by its playbook's teardown, not left for the run's end.
      const stopped = /step-limit\.mdx: stopped 1 script\(s\) its steps left running \(pid (\d+)\)/.exec(run.out);
      expect(stopped, run.out).not.toBeNull();
      expect(isGone(Number(stopped![1]))).toBe(true);

      const [hung, next] = run.readResults().playbooks.filter((p) => !p.file.endsWith("step-limit.mdx"));
      expect(hung!.file).toMatch(/hung\.mdx$/);
      expect(hung!.steps.map((s) => s.status)).toEqual(["passed", "failed", "skipped"]);
      const failed = hung!.steps[1]!;
      expect(failed.status === "failed" && failed.error).toMatchObject({ code: "STEP_TIMEOUT", line: 13 });
      expect(failed.output).toBe("waiting for a promise that never settles\n");
      expect(failed.status === "failed" && failed.snapshot).toContain("$ etcdctl endpoint status -w table");
      expect(next!.file).toMatch(/next\.mdx$/);
      expect(next!.status).toBe("passed");

      // The hung playbook's teardown kept its data (it failed) and stopped its member.
      expect(takeKeptDirs(run.out)).toHaveLength(2);
      const members = notedMembers(run.readResults());
      expect(members).toHaveLength(2);
      expectNoLeftovers({ pids: members.map((m) => m.pid), runDirs: [...new Set(members.map((m) => runDirOf(m.dataDir)))], runnerPid: run.pid });
    } finally {
      removeResults(run);
    }
  });
});
