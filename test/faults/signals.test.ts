// Issues 5 and 15, "teardown, always" and "whatever ends the runner ends its members", for runs
// cut short mid-step: SIGINT and SIGTERM to the runner, Ctrl-C to its whole process group, SIGTERM
// to npm alone (`npm run playbook`, as CI and `timeout` send it), a Vitest worker sent SIGKILL or
// SIGTERM, Ctrl-C while a worker is stuck in a step that never yields, and the runner SIGKILLed
// (whose leftovers the next run must reap). The fixture's second step starts a script that marks
// that it has begun, then waits for 600 s (the step's limit is 60 s, beyond the test's bounds);
// the script and its child must go too, not only etcd.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { FIXTURES, NODE, ROOT, removeResults, runCli, startCli, type CliRun } from "../helpers/cli.ts";
import { expectNoLeftovers, RUN_ROOT } from "../helpers/leftovers.ts";
import { childrenOf, descendantsOf, etcdNaming, isGone, runDirsOwnedBy, waitFor } from "../helpers/procs.ts";

const MID_STEP = `${FIXTURES}/teardown/mid-step`;

/**
 * Starts the runner and waits until its step is running: the run dir, its member, and the marker
 * holding the pid of the step's script, whose child (`sleep 600`) is running too.
 */
async function startMidStep(options: { group?: boolean; npm?: boolean } = {}) {
  const run = startCli([], { dir: MID_STEP, ...options });
  // Under npm the runner is npm's grandchild (npm, a shell, node): the run dir is the runner's.
  const runner = !options.npm
    ? run.pid
    : await waitFor(`the runner under npm\n${run.output()}`, 30_000, () => descendantsOf(run.pid).find((p) => p.argv[1]?.endsWith("src/cli/playbook.ts"))?.pid);
  const started = await waitFor(`the step to begin\n${run.output()}`, 60_000, () => {
    const [runDir] = runDirsOwnedBy(RUN_ROOT, runner);
    const tmp = runDir && path.join(runDir, "tmp");
    if (!tmp || !existsSync(tmp)) return undefined;
    const marker = readdirSync(tmp).map((d) => path.join(tmp, d, "step-started")).find((f) => existsSync(f));
    const script = marker ? Number(readFileSync(marker, "utf8").trim()) : 0;
    const etcd = etcdNaming(runDir);
    const children = script ? childrenOf(script) : [];
    return etcd.length === 1 && children.length === 1 ? { runDir, etcd: etcd[0]!, scripts: [script, ...children] } : undefined;
  });
  return { run, runner, ...started };
}

function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

async function exitOf(run: CliRun, limitMs = 30_000) {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the runner did not exit within ${limitMs / 1000} s:\n${run.output()}`)), limitMs);
  });
  try {
    return await Promise.race([run.exited, bound]);
  } finally {
    clearTimeout(timer);
  }
}

describe("a run cut short mid-step leaves no etcd process and no run dir", () => {
  test.each([
    { how: "SIGINT to the runner", signal: "SIGINT" as const, group: false, code: 130 },
    { how: "SIGTERM to the runner", signal: "SIGTERM" as const, group: false, code: 143 },
    { how: "Ctrl-C (SIGINT to the runner's process group)", signal: "SIGINT" as const, group: true, code: 130 },
  ])("$how", async ({ signal, group, code }) => {
    const { run, runDir, etcd, scripts } = await startMidStep({ group });
    try {
      process.kill(group ? -run.pid : run.pid, signal);
      const exit = await exitOf(run);
      expect(exit, run.output()).toEqual({ code, signal: null });
      expect(run.output()).toContain(`${signal}: stopping every etcd member of this run and removing its data…`);
      // The workers were cancelled and tore down, not killed mid-way: no error for a Ctrl-C.
      expect(run.output()).not.toContain("Worker exited unexpectedly");
      // A run cut off proves nothing: the results file keeps what it had (here: nothing).
      expect(run.output()).toContain("The run was interrupted: the results file was not updated.");
      expect(existsSync(run.results)).toBe(false);
      expectNoLeftovers({ pids: [etcd, ...scripts], runDirs: [runDir], runnerPid: run.pid });
    } finally {
      if (run.child.exitCode === null) run.child.kill("SIGKILL");
      removeResults(run);
    }
  });

  test("SIGTERM to npm alone (npm run playbook, as CI systems and timeout send it): the runner stops its members and ends", async () => {
    const { run, runner, runDir, etcd, scripts } = await startMidStep({ npm: true });
    try {
      // npm and its shell die at once and pass nothing on; the runner notices its parent is gone.
      process.kill(run.pid, "SIGTERM");
      await exitOf(run);
      await waitFor(`the runner to exit\n${run.output()}`, 30_000, () => isGone(runner));
      expect(run.output()).toMatch(/npm \(pid \d+\) is gone: stopping every etcd member of this run and removing its data…/);
      expect(run.output()).toContain("The run was interrupted: the results file was not updated.");
      expect(existsSync(run.results)).toBe(false);
      expectNoLeftovers({ pids: [etcd, ...scripts], runDirs: [runDir], runnerPid: runner });
    } finally {
      if (!isGone(runner)) process.kill(runner, "SIGKILL");
      removeResults(run);
    }
  });

  test.each(["SIGKILL", "SIGTERM"] as const)("a Vitest worker sent %s: the step fails, the run ends, its members and scripts are reaped", async (signal) => {
    const { run, runDir, etcd, scripts } = await startMidStep();
    try {
      // The member is a child of the worker that runs its playbook.
      const worker = parentOf(etcd);
      expect(childrenOf(run.pid)).toContain(worker);
      process.kill(worker, signal);
      const exit = await exitOf(run);
      expect(exit, run.output()).toEqual({ code: 1, signal: null });
      expect(run.output()).toContain(`Worker exited unexpectedly with signal ${signal}`);
      // Vitest reports results in batches: whether "Note the member" reached the main process
      // before the worker died depends on timing, so the first step without a result fails.
      const [playbook] = run.readResults().playbooks;
      expect(playbook!.status).toBe("failed");
      const statuses = playbook!.steps.map((s) => s.status).join(" ");
      expect(["failed skipped", "passed failed"]).toContain(statuses);
      const failed = playbook!.steps.find((s) => s.status === "failed");
      expect(failed?.status === "failed" && failed.error.message).toBe("no result: the Vitest worker running this playbook died before this step reported one");
      expect(playbook!.error).toEqual({ code: "UNHANDLED_ERROR", message: `${MID_STEP}/mid-step.mdx: the worker running this playbook died with signal ${signal} [UNHANDLED_ERROR]` });
      expectNoLeftovers({ pids: [etcd, worker, ...scripts], runDirs: [runDir], runnerPid: run.pid });
    } finally {
      if (run.child.exitCode === null) run.child.kill("SIGKILL");
      removeResults(run);
    }
  });

  test("a worker killed while another playbook runs on: its member and script stop within seconds, not at the run's end", async () => {
    const release = path.join(mkdtempSync(path.join(os.tmpdir(), "bystander-")), "release");
    const run = startCli([], { dir: `${FIXTURES}/worker-dies-mid-run`, env: { BYSTANDER_RELEASE: release } });
    try {
      const victim = await waitFor(`the victim's step to begin\n${run.output()}`, 60_000, () => {
        const [runDir] = runDirsOwnedBy(RUN_ROOT, run.pid);
        const tmp = runDir && path.join(runDir, "tmp");
        const marker = tmp && existsSync(tmp) ? readdirSync(tmp).map((d) => path.join(tmp, d, "step-started")).find((f) => existsSync(f)) : undefined;
        const script = marker ? Number(readFileSync(marker, "utf8").trim()) : 0;
        const etcd = runDir ? etcdNaming(`${runDir}/test_fixtures_faults_worker-dies-mid-run_victim.mdx`) : [];
        const children = script ? childrenOf(script) : [];
        return etcd.length === 1 && children.length === 1 ? { etcd: etcd[0]!, scripts: [script, ...children] } : undefined;
      });
      process.kill(parentOf(victim.etcd), "SIGKILL");
      await waitFor("the dead worker's member and script to be stopped", 10_000, () => [victim.etcd, ...victim.scripts].every(isGone));
      expect(run.child.exitCode, "the run is still going").toBeNull();
      writeFileSync(release, "");
      expect((await exitOf(run, 60_000)).code, run.output()).toBe(1);
      const results = run.readResults().playbooks;
      expect(results.map((p) => [p.file.split("/").at(-1), p.status])).toEqual([["bystander.mdx", "passed"], ["victim.mdx", "failed"]]);
    } finally {
      if (run.child.exitCode === null) run.child.kill("SIGKILL");
      rmSync(path.dirname(release), { recursive: true, force: true });
      removeResults(run);
    }
  });

  test("Ctrl-C while a worker is stuck in a step that never yields: the worker is killed, its member stopped, exit 130", async () => {
    const run = startCli([], { dir: `${FIXTURES}/teardown/stuck`, group: true });
    try {
      const { runDir, etcd } = await waitFor(`the stuck step\n${run.output()}`, 60_000, () => {
        const [runDir] = runDirsOwnedBy(RUN_ROOT, run.pid);
        const tmp = runDir && path.join(runDir, "tmp");
        const stuck = tmp && existsSync(tmp) && readdirSync(tmp).some((d) => existsSync(path.join(tmp, d, "spinning")));
        const etcd = stuck ? etcdNaming(runDir) : [];
        return runDir && etcd.length === 1 ? { runDir, etcd: etcd[0]! } : undefined;
      });
      const worker = parentOf(etcd);
      process.kill(-run.pid, "SIGINT");
      expect(await exitOf(run), run.output()).toEqual({ code: 130, signal: null });
      expectNoLeftovers({ pids: [etcd, worker], runDirs: [runDir], runnerPid: run.pid });
    } finally {
      if (run.child.exitCode === null) run.child.kill("SIGKILL");
      removeResults(run);
    }
  });

  test("the runner SIGKILLed: its member and script outlive it, and the next run reaps them", async () => {
    const { run, runDir, etcd, scripts } = await startMidStep();
    try {
      process.kill(run.pid, "SIGKILL");
      expect(await exitOf(run)).toEqual({ code: null, signal: "SIGKILL" });
      // Nothing could clean up: the member and the script run on, orphaned; the run dir is marked.
      expect(isGone(etcd)).toBe(false);
      expect(scripts.filter((p) => !isGone(p))).toEqual(scripts);
      expect(existsSync(path.join(runDir, "owner.json"))).toBe(true);
      const next = await runCli([], { dir: `${FIXTURES}/teardown/passes` });
      expect(next.code, next.out).toBe(0);
      removeResults(next);
      expectNoLeftovers({ pids: [etcd, ...scripts], runDirs: [runDir], runnerPid: run.pid });
    } finally {
      if (run.child.exitCode === null) run.child.kill("SIGKILL");
      removeResults(run);
    }
  });
});

describe("npm test (plain vitest run) interrupted leaves no etcd process and no run dir", () => {
  // Vitest's main process exits within a millisecond of SIGINT or SIGTERM, without global
  // teardowns; the exit guard its global set-up installs reaps what the workers started.
  test.each(["SIGINT", "SIGTERM"] as const)("%s to Vitest's main process", async (signal) => {
    const child = spawn(NODE, [path.join(ROOT, "node_modules/vitest/vitest.mjs"), "run", "-c", `${FIXTURES}/npm-test/vitest.config.ts`], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const held = await waitFor(`the member to start\n${out}`, 60_000, () => {
        const m = /member (\d+) script (\d+) in (\S+)/.exec(out);
        return m ? { etcd: Number(m[1]), script: Number(m[2]), runDir: m[3]! } : undefined;
      });
      expect(isGone(held.etcd)).toBe(false);
      expect(isGone(held.script)).toBe(false);
      child.kill(signal);
      await exited;
      // The script too: a step's script or go program (with an embedded etcd) would outlive it.
      await waitFor(`the member and the script to be gone\n${out}`, 10_000, () => isGone(held.etcd) && isGone(held.script));
      expectNoLeftovers({ pids: [held.etcd, held.script], runDirs: [held.runDir] });
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
