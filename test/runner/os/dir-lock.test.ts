// The download lock: one holder at a time, across callers; a dead holder's lock is broken; a
// live holder is waited for within the bound.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { LockTimeoutError, withDirLock } from "../../../src/runner/os/dir-lock.ts";

const base = await mkdtemp(path.join(os.tmpdir(), "lock-test-"));
afterAll(() => rm(base, { recursive: true, force: true }));

describe("withDirLock", () => {
  test("serializes holders: the second runs after the first released", async () => {
    const lock = path.join(base, "serial");
    const events: string[] = [];
    let release!: () => void;
    const first = withDirLock(lock, { timeoutMs: 5_000 }, async () => {
      events.push("first in");
      await new Promise<void>((r) => (release = r));
      events.push("first out");
    });
    await new Promise((r) => setTimeout(r, 50));
    const waits: string[] = [];
    const second = withDirLock(lock, { timeoutMs: 5_000, onWait: (o) => waits.push(o) }, async () => void events.push("second in"));
    await new Promise((r) => setTimeout(r, 150));
    expect(events).toEqual(["first in"]);
    release();
    await Promise.all([first, second]);
    expect(events).toEqual(["first in", "first out", "second in"]);
    expect(waits).toEqual([expect.stringMatching(new RegExp(`^pid ${process.pid} since `))]);
  });

  test("a lock whose owner died is broken", async () => {
    const lock = path.join(base, "stale");
    const dead = spawn("true");
    await new Promise((r) => dead.once("close", r));
    await mkdir(lock);
    await writeFile(path.join(lock, "owner.json"), JSON.stringify({ pid: dead.pid, hostname: os.hostname(), startedAt: "2020-01-01T00:00:00Z" }));
    expect(await withDirLock(lock, { timeoutMs: 1_000 }, async () => "ran")).toBe("ran");
  });

  test("a live owner's lock is waited for, then LockTimeoutError", async () => {
    const lock = path.join(base, "live");
    await mkdir(lock);
    await writeFile(path.join(lock, "owner.json"), JSON.stringify({ pid: process.ppid, hostname: os.hostname(), startedAt: new Date().toISOString() }));
    await expect(withDirLock(lock, { timeoutMs: 300 }, async () => "ran")).rejects.toBeInstanceOf(LockTimeoutError);
  });
});
