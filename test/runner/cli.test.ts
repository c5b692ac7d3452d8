// The runner as a user runs it: the real CLI over fixture playbooks against real etcd.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { resultsFileSchema } from "../../src/schema/results.ts";
import { createCluster, newRunDir, reapRunDir, resolveEtcd } from "../../src/runner/etcd/index.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const NODE = path.join(ROOT, "node_modules/node/bin/node");

function runCli(dir: string | undefined, args: string[], env: Record<string, string> = {}) {
  const results = path.join(mkdtempSync(path.join(os.tmpdir(), "pb-results-")), "results.json");
  const r = spawnSync(NODE, [path.join(ROOT, "src/cli/playbook.ts"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 180_000,
    env: { ...process.env, NO_COLOR: "1", ...(dir ? { ETCD_PLAYBOOKS_DIR: dir } : {}), ETCD_PLAYBOOKS_RESULTS: results, ...env },
  });
  const read = () => resultsFileSchema.parse(JSON.parse(readFileSync(results, "utf8")));
  return { code: r.status, out: `${r.stdout}${r.stderr}`, results, read };
}

/** etcd processes whose command line names a data dir under the given text. */
function etcdProcessesNaming(text: string): number[] {
  return readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        const cmd = readFileSync(`/proc/${p}/cmdline`, "utf8");
        return cmd.includes("etcd") && cmd.includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe("npm run playbook", () => {
  test("a notebook: values flow between steps, sh output blocks match, symptoms are proved", () => {
    const r = runCli("test/fixtures/runner/notebook", ["--etcd-version", "all"]);
    // "Only on 3.5" is skipped on 3.4, and the steps after it still run.
    expect(r.out).toContain("steps: 11 passed, 0 failed, 1 skipped");
    expect(r.code).toBe(0);
    const results = r.read();
    expect(results.playbooks.map((p) => [p.etcdSeries, p.status])).toEqual([
      ["3.4", "passed"],
      ["3.5", "passed"],
    ]);
    const first = results.playbooks[0]!;
    expect(first.steps.find((s) => s.name === "Use it later")?.output).toBe("answer is 42\n");
    expect(first.symptoms).toEqual([{ text: "answer is 42", seen: true, step: "Use it later" }]);
    expect(first.members[0]!.args).toContain("--heartbeat-interval=10");
  });

  test("a changed expectation fails at its MDX line, later steps are skipped, nothing is left running", () => {
    const r = runCli("test/fixtures/runner/broken", []);
    expect(r.code).toBe(1);
    expect(r.out).toContain('test/fixtures/runner/broken/broken.mdx:13 step "Expect the wrong value"');
    expect(r.out).toMatch(/broken\.mdx:13:15/); // Vitest's frame points into the MDX file itself
    const pb = r.read().playbooks[0]!;
    expect(pb.steps.map((s) => s.status)).toEqual(["passed", "failed", "skipped"]);
    const failed = pb.steps[1]!;
    expect(failed.status === "failed" && failed.error.line).toBe(13);
    expect(failed.status === "failed" && failed.snapshot).toContain("m0");
    expect(etcdProcessesNaming("broken.mdx")).toEqual([]);
  });

  test("a sh step's output keeps the order the script wrote stdout and stderr; a playbook may start with no members", () => {
    for (let i = 0; i < 3; i++) {
      const r = runCli("test/fixtures/runner/order", []);
      expect(r.out).toContain("steps: 1 passed, 0 failed, 0 skipped");
    }
  });

  test("--list shows steps with their lines, and runs nothing", () => {
    const r = runCli("test/fixtures/runner/broken", ["--list"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("2. ts Expect the wrong value  (line 11)");
    expect(existsSync(r.results)).toBe(false);
  });

  test("a filter that matches nothing is an error, not a green run", () => {
    const r = runCli("test/fixtures/runner/broken", ["no-such-playbook"]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('no playbook matches "no-such-playbook" [NO_PLAYBOOKS]');
  });

  test("a destructive playbook is refused against --endpoints", () => {
    const r = runCli("test/fixtures/runner/broken", ["--endpoints", "http://127.0.0.1:9"]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("not run against --endpoints: test/fixtures/runner/broken/broken.mdx (destructive");
    expect(r.out).toContain("[DESTRUCTIVE_REFUSED]");
  });

  test("bad options are usage errors with exit status 2", () => {
    const r = runCli(undefined, ["--etcd-version", "3.9"]);
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
      const r = runCli("test/fixtures/runner/endpoints", ["--endpoints", cluster.endpoints.join(",")]);
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

  test("an unreachable --endpoints is one clear error", () => {
    const r = runCli("test/fixtures/runner/endpoints", ["--endpoints", "http://127.0.0.1:9"]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("[ENDPOINT_UNREACHABLE]");
    expect(r.out).toContain("http://127.0.0.1:9");
  });
});
