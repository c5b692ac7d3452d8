// .github/workflows/ci.yml cannot run here; this keeps it parseable and its commands real: every
// npm script it calls exists, every file it runs is in the repository, and its playbook matrix is
// the runner's list of supported etcd series.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { parse } from "yaml";
import { claimedSeries, discoverPlaybooks } from "../../src/runner/playbooks/index.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const claimed = await claimedSeries(ROOT, await discoverPlaybooks(ROOT));

interface Step {
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  strategy?: { matrix?: Record<string, unknown[]> };
  steps: Step[];
}

const workflow = parse(readFileSync(path.join(ROOT, ".github/workflows/ci.yml"), "utf8")) as { on: unknown; jobs: Record<string, Job> };
const scripts = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
const runs = (job: Job) => job.steps.flatMap((s) => (s.run ? [s.run.replace(/\s+/g, " ").trim()] : []));

test("parses, runs on pushes and pull requests, and has the jobs the project needs", () => {
  expect(workflow.on).toMatchObject({ push: expect.anything(), pull_request: null });
  expect(Object.keys(workflow.jobs).sort()).toEqual(["browser", "build", "check", "playbooks", "runner-tests"]);
});

test("every job installs with npm ci first, and every npm script it calls exists", () => {
  for (const [name, job] of Object.entries(workflow.jobs)) {
    const commands = runs(job);
    expect(commands[0], name).toBe("npm ci");
    for (const command of commands.slice(1)) {
      const m = /^npm (?:run (\S+)|(test)|exec -- node (\S+))(?:\s|$)/.exec(command);
      expect(m, `${name}: ${command}`).not.toBeNull();
      const script = m![1] ?? m![2];
      if (script) expect(Object.keys(scripts), `${name}: ${command}`).toContain(script);
      if (m![3]) expect(existsSync(path.join(ROOT, m![3])), m![3]).toBe(true);
    }
  }
});

test("check, browser tests and the playbook matrix run what the brief names", () => {
  expect(runs(workflow.jobs.check!)).toContain("npm run check");
  expect(runs(workflow.jobs.browser!)).toContain("npm run test:site");
  const playbooks = workflow.jobs.playbooks!;
  // Every series a playbook claims, no more: a page never names a series CI did not run.
  expect(playbooks.strategy?.matrix?.etcd).toEqual(claimed);
  expect(runs(playbooks).some((r) => r.startsWith("npm run playbook -- --etcd-version ${{ matrix.etcd }} --shard=${{ matrix.shard }}/"))).toBe(true);
  const shards = playbooks.strategy?.matrix?.shard ?? [];
  expect(runs(playbooks).some((r) => r.includes(`--shard=\${{ matrix.shard }}/${shards.length}`))).toBe(true);
});

test("the site is built from every series' and shard's results and uploaded as an artefact", () => {
  const build = workflow.jobs.build!;
  expect(build.needs).toBe("playbooks");
  const results = workflow.jobs.playbooks!.steps.find((s) => s.uses?.startsWith("actions/upload-artifact"))!;
  expect(results.with).toMatchObject({ name: "results-${{ matrix.etcd }}-${{ matrix.shard }}" });
  const merge = runs(build).find((r) => r.includes("merge-results.ts"))!;
  expect(merge).toContain("downloaded/results-*/.playbook-results/results.json");
  expect(runs(build).at(-1)).toBe("npm run build");
  const upload = build.steps.at(-1)!;
  expect(upload.uses).toMatch(/^actions\/upload-artifact@v\d+$/);
  expect(upload.with).toMatchObject({ name: "site", path: "dist/" });
});

test("actions are pinned to a major version", () => {
  for (const job of Object.values(workflow.jobs)) {
    for (const step of job.steps) if (step.uses) expect(step.uses).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
  }
});
