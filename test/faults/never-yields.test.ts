// Issue 15, "every step ends at its limit, whatever its code does": a loop without await, a
// blocking Atomics.wait and a blocking execSync never let the worker's own timer fire. The watchdog
// thread fails the step at its MDX line with its output and the member's log tail, stops what the
// worker started and kills it; Vitest runs the next playbook in a new worker. One real run over
// test/fixtures/faults/never-yields/ (one folder per case, and one healthy playbook).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { FIXTURES, removeResults, runCli, type CliRun, type Exit } from "../helpers/cli.ts";
import { expectNoLeftovers, notedMembers, runDirOf } from "../helpers/leftovers.ts";
import { isGone } from "../helpers/procs.ts";
import { normalize, paragraph } from "./helpers/messages.ts";

const DIR = `${FIXTURES}/never-yields`;
const CASES = [
  { name: "busy-loop", step: "Spin", output: "spinning without ever yielding\n" },
  { name: "atomics-wait", step: "Block", output: "waiting on a value nobody changes\n" },
  { name: "exec-sync", step: "Run a command synchronously", output: "running a command that outlives the step\n" },
];

let run: CliRun & Exit & { out: string };
const markers = mkdtempSync(path.join(os.tmpdir(), "never-yields-"));

beforeAll(async () => {
  run = await runCli([], { dir: DIR, env: { NEVER_YIELDS_MARKERS: markers } });
}, 130_000);
afterAll(() => {
  removeResults(run);
  rmSync(markers, { recursive: true, force: true });
});

describe("a step that never yields", () => {
  test.each(CASES)("$name: STEP_TIMEOUT at its line, with its output and the member's log tail", async ({ name, step, output }) => {
    const file = `${DIR}/${name}/${name}.mdx`;
    const shown = paragraph(run.out, "STEP_TIMEOUT", file);
    expect(shown, `no [STEP_TIMEOUT] paragraph about ${file} in:\n${run.out}`).toBeDefined();
    // The log tail's lines carry times and IDs: the snapshot keeps its heading, the test checks there are lines under it.
    const [head, tail] = shown!.split(/(?=\n {4}--- last lines of m0's log)/);
    expect(tail?.split("\n").filter((l) => l.includes('"level"')).length, shown).toBeGreaterThan(0);
    await expect(normalize(`${head}\n${tail!.split("\n")[1]}`)).toMatchFileSnapshot(`../fixtures/faults/never-yields/${name}/expected.txt`);

    const entry = run.readResults().playbooks.find((p) => p.file === file)!;
    expect(entry.status).toBe("failed");
    // The first step's result died with the worker before Vitest passed it on; the watchdog kept it.
    expect(entry.steps[0]).toMatchObject({ status: "passed", output: expect.stringMatching(/^pid \d+ data /) });
    const failed = entry.steps[1]!;
    expect(failed).toMatchObject({ name: step, status: "failed", output, error: { code: "STEP_TIMEOUT", line: 13 } });
    expect(failed.status === "failed" && failed.snapshot).toContain("--- last lines of m0's log");
  });

  test("the run fails without a 'worker exited' error, the next playbook passes, and nothing is left", () => {
    expect(run.code, run.out).toBe(1);
    expect(run.out).not.toContain("Worker exited unexpectedly");
    const results = run.readResults();
    expect(results.playbooks.find((p) => p.file.endsWith("next.mdx"))?.status).toBe("passed");
    // execSync's shell and its sleep: orphans of the killed worker unless the watchdog stopped them.
    const scripts = readFileSync(path.join(markers, "exec-sync.pids"), "utf8").trim().split("\n").map(Number);
    expect(scripts).toHaveLength(2);
    const members = notedMembers(results);
    expect(members).toHaveLength(4);
    expectNoLeftovers({ pids: [...members.map((m) => m.pid), ...scripts], runDirs: [...new Set(members.map((m) => runDirOf(m.dataDir)))], runnerPid: run.pid });
    expect(scripts.every(isGone)).toBe(true);
  });
});
