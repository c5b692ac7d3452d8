// Issue 15, "the results file never says more than the run": a playbook whose steps all passed is
// still failed when a promise a step left behind rejected with nobody awaiting it, when its
// worker died, or when its teardown failed; an entry of a playbook that no longer exists is dropped. Real runs over
// test/fixtures/faults/honest-results/ (one folder per scenario, and one that passes).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { FIXTURES, removeResults, runCli, type CliRun, type Exit } from "../helpers/cli.ts";
import { expectNoLeftovers, notedMembers, runDirOf, takeKeptDirs } from "../helpers/leftovers.ts";

const DIR = `${FIXTURES}/honest-results`;
let run: CliRun & Exit & { out: string };

beforeAll(async () => {
  run = await runCli([], { dir: DIR });
  takeKeptDirs(run.out);
}, 130_000);
afterAll(() => removeResults(run));

const entryOf = (name: string) => run.readResults().playbooks.find((p) => p.file === `${DIR}/${name}/${name}.mdx`)!;

describe("a playbook whose run failed is not recorded as passed", () => {
  test("an unhandled rejection: every step passed, the playbook failed with UNHANDLED_ERROR", () => {
    expect(run.code, run.out).toBe(1);
    const entry = entryOf("unhandled-rejection");
    expect(entry.steps.map((s) => s.status)).toEqual(["passed", "passed", "passed"]);
    expect(entry.status).toBe("failed");
    const message = `${DIR}/unhandled-rejection/unhandled-rejection.mdx: an error no step caught arrived during step "Carry on": 8 RESOURCE_EXHAUSTED: grpc: received message larger than max (2097162 vs. 2097152) [UNHANDLED_ERROR]`;
    expect(entry.error).toEqual({ code: "UNHANDLED_ERROR", message });
    // The summary line a reader of the run sees.
    expect(run.out).toContain(`✗ ${DIR}/unhandled-rejection/unhandled-rejection.mdx [etcd 3.7.`);
    expect(run.out).toContain(message);
  });

  test("a worker that died: the playbook failed, with why", () => {
    const entry = entryOf("worker-dies");
    expect(entry.status).toBe("failed");
    expect(entry.error).toEqual({ code: "UNHANDLED_ERROR", message: `${DIR}/worker-dies/worker-dies.mdx: the worker running this playbook died with signal SIGKILL [UNHANDLED_ERROR]` });
    expect(entry.steps.some((s) => s.status === "passed" && s.name === "Kill the worker once this step ends")).toBe(false);
  });

  test("the playbook beside them passed, and no member of any of them is left", () => {
    expect(entryOf("passes").status).toBe("passed");
    const members = notedMembers(run.readResults());
    // The worker that died took its step results with it: its member is found by its data dir's run dir.
    expect(members.length).toBeGreaterThanOrEqual(2);
    expectNoLeftovers({ pids: members.map((m) => m.pid), runDirs: [...new Set(members.map((m) => runDirOf(m.dataDir)))], runnerPid: run.pid });
  });
});

test("an entry of a playbook that no longer exists is dropped; entries of the others stay", async () => {
  const file = JSON.parse(readFileSync(run.results, "utf8")) as { playbooks: { file: string }[] };
  const ghost = { ...file.playbooks.find((p) => p.file.endsWith("passes.mdx"))!, file: `${DIR}/deleted/deleted.mdx` };
  writeFileSync(run.results, JSON.stringify({ ...file, playbooks: [...file.playbooks, ghost] }));
  const again = await runCli(["passes"], { dir: DIR, results: run.results });
  expect(again.code, again.out).toBe(0);
  const files = again.readResults().playbooks.map((p) => p.file.split("/").at(-1));
  expect(files.sort()).toEqual(["passes.mdx", "unhandled-rejection.mdx", "worker-dies.mdx"]);
}, 130_000);

describe("a teardown that fails", () => {
  // An immutable file (chattr +i, which needs CAP_LINUX_IMMUTABLE: root, as CI runs) is the one
  // thing on tmpfs that the member dir's removal cannot get past.
  const markers = mkdtempSync(path.join(os.tmpdir(), "pinned-"));
  const probe = path.join(markers, "probe");
  writeFileSync(probe, "");
  const canPin = spawnSync("chattr", ["+i", probe]).status === 0;
  spawnSync("chattr", ["-i", probe]);

  test.skipIf(!canPin)("is recorded: the playbook failed with TEARDOWN_FAILED, though its step passed", async () => {
    const dir = `${FIXTURES}/honest-results-teardown`;
    const run = await runCli([], { dir, env: { PIN_MARKERS: markers } });
    try {
      expect(run.code, run.out).toBe(1);
      const [entry] = run.readResults().playbooks;
      expect(entry!.steps.map((s) => s.status)).toEqual(["passed"]);
      expect(entry!.status).toBe("failed");
      expect(entry!.error?.code).toBe("TEARDOWN_FAILED");
      expect(entry!.error?.message).toMatch(/^teardown left something behind: removing \S+undeletable\.mdx-\w+: /);
      expect(run.out).toContain(`✗ ${dir}/undeletable/undeletable.mdx [etcd 3.7.`);
    } finally {
      const pinned = readFileSync(path.join(markers, "pinned"), "utf8").trim();
      spawnSync("chattr", ["-i", pinned]);
      // The run's dir could not be reaped either: <run dir>/<cluster dir>/m0/pinned.
      rmSync(path.resolve(pinned, "../../.."), { recursive: true, force: true });
      rmSync(markers, { recursive: true, force: true });
      removeResults(run);
    }
  }, 130_000);
});
