// The runner as a user runs it: the real CLI over fixture playbooks against real etcd.
import { existsSync } from "node:fs";
import { afterEach, describe, expect, test } from "vitest";
import { createCluster, newRunDir, reapRunDir, resolveEtcd } from "../../src/runner/etcd/index.ts";
import { removeResults, runCli } from "../helpers/cli.ts";
import { takeKeptDirs } from "../helpers/leftovers.ts";
import { etcdNaming } from "../helpers/procs.ts";

const made: { results: string }[] = [];
afterEach(() => made.splice(0).forEach(removeResults));

async function cli(dir: string | undefined, args: string[]) {
  const r = await runCli(args, { ...(dir ? { dir } : {}), timeoutMs: 180_000 });
  made.push(r);
  return { code: r.code, out: r.out, results: r.results, read: r.readResults };
}

describe("npm run playbook", () => {
  test("a notebook: values flow between steps, sh output blocks match, symptoms are proved", async () => {
    const r = await cli("test/fixtures/runner/notebook", ["--etcd-version", "all"]);
    // "Only on 3.6 and later" is skipped on 3.5, and the steps after it still run.
    expect(r.out).toContain("steps: 17 passed, 0 failed, 1 skipped");
    expect(r.code).toBe(0);
    const results = r.read();
    expect(results.playbooks.map((p) => [p.etcdSeries, p.status])).toEqual([
      ["3.5", "passed"],
      ["3.6", "passed"],
      ["3.7", "passed"],
    ]);
    const first = results.playbooks[0]!;
    expect(first.steps.find((s) => s.name === "Use it later")?.output).toBe("answer is 42\n");
    // The symptom scoped to 3.6 and later is looked for there alone (on 3.5 it would never be seen).
    expect(first.symptoms).toEqual([{ text: "answer is 42", seen: true, step: "Use it later" }]);
    expect(results.playbooks[1]!.symptoms).toEqual([
      { text: "answer is 42", seen: true, step: "Use it later" },
      { text: "seen only by this step", seen: true, step: "Only on 3.6 and later" },
    ]);
    expect(first.members[0]!.args).toContain("--heartbeat-interval=25");
  });

  test("a run of one series says which version-scoped steps it never checked", async () => {
    const r = await cli("test/fixtures/runner/notebook", ["--etcd-version", "3.5"]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/Not checked in this run \(scoped to versions it did not run\):\n {2}test\/fixtures\/runner\/notebook\/notebook\.mdx:\d+ step "Only on 3\.6 and later" for etcd >=3\.6 \(this run: 3\.5\.\d+\)/);
  });

  test("a playbook of one series upgrades a member to another it lists in cluster.versions; the results say who ran what", async () => {
    const r = await cli("test/fixtures/runner/versions", ["--etcd-version", "all"]);
    expect(r.code, r.out).toBe(0);
    const [pb] = r.read().playbooks;
    expect(pb!.etcdSeries).toBe("3.5");
    expect(pb!.members.map((m) => m.versions?.map((v) => v.split(".").slice(0, 2).join(".")))).toEqual([["3.5", "3.6"], ["3.5"], ["3.5"]]);
  });

  test("a changed expectation fails at its MDX line, later steps are skipped, nothing is left running", async () => {
    const r = await cli("test/fixtures/runner/broken", []);
    expect(r.code).toBe(1);
    expect(r.out).toContain('test/fixtures/runner/broken/broken.mdx:13 step "Expect the wrong value"');
    expect(r.out).toMatch(/broken\.mdx:13:15/); // Vitest's frame points into the MDX file itself
    const pb = r.read().playbooks[0]!;
    expect(pb.steps.map((s) => s.status)).toEqual(["passed", "failed", "skipped"]);
    const failed = pb.steps[1]!;
    expect(failed.status === "failed" && failed.error.line).toBe(13);
    expect(failed.status === "failed" && failed.snapshot).toContain("m0");
    expect(etcdNaming("broken.mdx")).toEqual([]);
    expect(takeKeptDirs(r.out)).toHaveLength(1); // kept on failure, where the output says; then removed
  });

  test("a sh step's output keeps the order the script wrote stdout and stderr; a playbook may start with no members", async () => {
    for (let i = 0; i < 3; i++) {
      const r = await cli("test/fixtures/runner/order", []);
      expect(r.out).toContain("steps: 1 passed, 0 failed, 0 skipped");
    }
  });

  test("--list shows steps with their lines, and runs nothing", async () => {
    const r = await cli("test/fixtures/runner/broken", ["--list"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("2. ts Expect the wrong value  (line 11)");
    expect(existsSync(r.results)).toBe(false);
  });

  test("a filter that matches nothing is an error, not a green run", async () => {
    const r = await cli("test/fixtures/runner/broken", ["no-such-playbook"]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('no playbook matches "no-such-playbook" [NO_PLAYBOOKS]');
  });

  test("a destructive playbook is refused against --endpoints", async () => {
    const r = await cli("test/fixtures/runner/broken", ["--endpoints", "http://127.0.0.1:9"]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("not run against --endpoints: test/fixtures/runner/broken/broken.mdx (destructive");
    expect(r.out).toContain("[DESTRUCTIVE_REFUSED]");
  });

  test("bad options are usage errors with exit status 2", async () => {
    const r = await cli(undefined, ["--etcd-version", "3.9"]);
    expect(r.code).toBe(2);
    expect(r.out).toContain("--etcd-version:");
    expect(r.out).toContain("[CLI_USAGE]");
  });

  test("--endpoints runs read-only playbooks against a cluster it did not start, and refuses writes", async () => {
    const binary = await resolveEtcd({ series: "3.5" });
    const runDir = await newRunDir();
    const cluster = await createCluster({ binary, shape: { members: 1 }, runDir, label: "users-cluster" });
    try {
      await cluster.start();
      const r = await cli("test/fixtures/runner/endpoints", ["--endpoints", cluster.endpoints.join(",")]);
      expect(r.out).toContain("steps: 3 passed, 0 failed, 0 skipped");
      const pb = r.read().playbooks[0]!;
      expect(pb.target).toBe("endpoints");
      expect(pb.steps[2]!.output).toContain("READ_ONLY: PlaybookError: refused: etcd.put()");
      // The user's cluster is untouched: the key was never written.
      expect(await cluster.client().get("k").string()).toBeNull();
    } finally {
      await cluster.teardown({ keep: false });
      await reapRunDir(runDir);
    }
  });

  test("an unreachable --endpoints is one clear error", async () => {
    const r = await cli("test/fixtures/runner/endpoints", ["--endpoints", "http://127.0.0.1:9"]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("[ENDPOINT_UNREACHABLE]");
    expect(r.out).toContain("http://127.0.0.1:9");
  });
});
