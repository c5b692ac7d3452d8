// go steps through the real CLI (test/fixtures/runner/go-steps/): a Go client with the sh steps'
// variables, stdout and stderr in the order written, exit="…", a background program embedding etcd
// that a sh step reaches by PROGRAM_PID and PORT1 and a ts step by the step's name; on every
// series, with nothing left running afterwards.
import { describe, expect, test } from "vitest";
import { removeResults, runCli } from "../../helpers/cli.ts";
import { RUN_ROOT } from "../../helpers/leftovers.ts";
import { isGone, runDirsOwnedBy } from "../../helpers/procs.ts";

describe("go steps", () => {
  test("run on every series, reach their programs, and leave nothing behind", async () => {
    const r = await runCli(["--etcd-version", "all"], { dir: "test/fixtures/runner/go-steps", timeoutMs: 900_000 });
    try {
      expect(r.code, r.out).toBe(0);
      const runs = r.readResults().playbooks;
      expect(runs.map((p) => p.etcdVersion.replace(/\.\d+$/, ""))).toEqual(["3.5", "3.6", "3.7"]);
      for (const run of runs) {
        expect(run.steps.map((s) => [s.name, s.status])).toEqual([
          ["A client puts and gets", "passed"],
          ["A program that fails on purpose", "passed"],
          ["An embedded etcd keeps running", "passed"],
          ["A script reaches it by PROGRAM_PID and PORT1", "passed"],
          ["A ts step reaches it by the step's name", "passed"],
        ]);
        expect(run.steps[0]!.output).toBe("greeting=hello\nto stderr, in order\n");
      }
      // The programs (bash exec'd into go-step) lead groups of their own; none survives the run.
      const leftovers = (await import("node:child_process")).execFileSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" })
        .split("\n")
        .filter((l) => l.includes("/go-programs/programs/"))
        .map((l) => Number(l.trim().split(" ")[0]))
        .filter((pid) => !isGone(pid));
      expect(leftovers).toEqual([]);
      expect(runDirsOwnedBy(RUN_ROOT, r.pid)).toEqual([]);
    } finally {
      removeResults(r);
    }
  }, 920_000);
});
