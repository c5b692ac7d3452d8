// The reaper against real leftovers: an etcd whose runner died is killed and its run dir removed;
// an etcd whose runner lives, and any process that is not etcd, are left alone.
import { execFileSync, spawn } from "node:child_process";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createCluster, newRunDir, reapLeftovers, reapRunDir } from "../../../../src/runner/etcd/index.ts";
import { linearizableRead } from "../../../../src/runner/etcd/clients/index.ts";
import { ownerIsDead } from "../../../../src/runner/etcd/runs/index.ts";
import { cmdline } from "../../../../src/runner/os/index.ts";
import { binary, pidGone } from "../helpers.ts";

let root = "";
beforeAll(async () => {
  // A root of its own: the reaper must not meet other tests' (live) run dirs here.
  root = await mkdtemp(path.join(os.tmpdir(), "reaper-test-"));
});
afterAll(async () => {
  await reapLeftovers(root);
  await rm(root, { recursive: true, force: true });
});

/** The pid of a process that has exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn("true");
  await new Promise((r) => child.once("close", r));
  return child.pid!;
}

async function until(fn: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!(await fn())) {
    if (performance.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("reapLeftovers", () => {
  test("kills the etcd of a dead runner and removes its run dir; leaves a live runner's etcd alone", async () => {
    const etcd = (await binary("3.5")).etcd;
    const fixture = path.join(import.meta.dirname, "fixtures", "orphan-owner.ts");
    const out = execFileSync(process.execPath, [fixture, root, etcd], { encoding: "utf8" });
    const orphan = JSON.parse(out) as { runDir: string; pid: number; url: string };
    // The owner has exited; its etcd runs on, reparented.
    await until(async () => (await linearizableRead(orphan.url, 500)).ok);

    const liveRun = await newRunDir(root);
    await using live = await createCluster({ binary: await binary("3.5"), shape: { members: 1 }, runDir: liveRun, label: "live" });
    await live.start();
    const livePid = live.member(0).pid!;

    const report = await reapLeftovers(root);
    expect(report.killed).toEqual([orphan.pid]);
    expect(report.removed).toEqual([orphan.runDir]);
    expect(report.errors).toEqual([]);
    await until(async () => pidGone(orphan.pid));
    await expect(stat(orphan.runDir)).rejects.toMatchObject({ code: "ENOENT" });

    expect(pidGone(livePid)).toBe(false);
    expect(live.member(0).state).toBe("running");
    expect((await stat(liveRun)).isDirectory()).toBe(true);
  });

  test("never kills a process that is not etcd, even one naming a data dir in a dead run", async () => {
    const dir = await mkdtemp(path.join(root, "run-"));
    await writeFile(path.join(dir, "owner.json"), JSON.stringify({ pid: await deadPid(), startedAt: new Date().toISOString(), hostname: os.hostname() }));
    const impostor = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)", "--", `--data-dir=${dir}/m0/data`], { stdio: "ignore" });
    try {
      await until(async () => ((await cmdline(impostor.pid!)) ?? []).includes(`--data-dir=${dir}/m0/data`));
      const report = await reapLeftovers(root);
      expect(report.killed).toEqual([]);
      expect(report.removed).toEqual([dir]);
      expect(pidGone(impostor.pid!)).toBe(false);
    } finally {
      impostor.kill("SIGKILL");
    }
  });

  test("a live pid that started after the owner file is a reused pid: the owner counts as dead", async () => {
    const dir = await mkdtemp(path.join(root, "run-"));
    const sleeper = spawn("sleep", ["30"], { stdio: "ignore" });
    try {
      await writeFile(path.join(dir, "owner.json"), JSON.stringify({ pid: sleeper.pid, startedAt: new Date(Date.now() - 3_600_000).toISOString(), hostname: os.hostname() }));
      expect(await ownerIsDead(dir)).toBe(true);
      await writeFile(path.join(dir, "owner.json"), JSON.stringify({ pid: sleeper.pid, startedAt: new Date(Date.now() + 5_000).toISOString(), hostname: os.hostname() }));
      expect(await ownerIsDead(dir)).toBe(false);
    } finally {
      sleeper.kill("SIGKILL");
      await reapRunDir(dir);
    }
  });
});
