// Disk faults against real etcd, on every supported series: strace's injection makes etcd print
// what a slow, failing or full disk makes it print, the tracer goes with its member, and a data
// dir on a small filesystem is a real mount of that size. strace comes from Debian (installed
// here when missing, as `npm test` on a fresh machine does).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { createCluster, type ManagedCluster } from "../../../../src/runner/etcd/index.ts";
import { STRACE } from "../../../../src/runner/etcd/faults/index.ts";
import { ensureDebianTool } from "../../../../src/runner/os/index.ts";
import { FAULT_SERIES, binary, pidGone, useRunDir } from "../helpers.ts";

const runDir = useRunDir();
beforeAll(() => ensureDebianTool(STRACE), 600_000);

describe.each(FAULT_SERIES)("etcd %s disk faults", (series) => {
  async function one(shape: Record<string, unknown> = {}, strace?: string): Promise<ManagedCluster> {
    return createCluster({ binary: await binary(series), shape: { members: 1, ...shape }, runDir: runDir(), label: `disk-${series}`, ...(strace ? { strace } : {}) });
  }

  test("a delayed fdatasync produces etcd's slow-disk warning; the tracer goes with the member", async () => {
    await using cluster = await one();
    await cluster.start();
    const m0 = cluster.member(0);
    await m0.stop();
    // "spawned": each of a start's syncs takes the delay too; the warning is what is waited for.
    await m0.start({ disk: { fdatasync: { delay: "1100ms" } }, wait: "spawned" });
    const tracer = m0.tracerPid!;
    expect(tracer).toBeGreaterThan(0);
    expect(m0.pid).not.toBe(tracer);
    expect(readFileSync(`/proc/${m0.pid}/cmdline`, "utf8").split("\0")[0]).toMatch(/etcd$/);
    const line = await m0.waitForLog("slow fdatasync", { timeout: "20s" });
    expect(JSON.parse(line)).toMatchObject({ level: "warn", msg: "slow fdatasync", "expected-duration": "1s" });
    // Pause and resume reach etcd, not strace.
    await m0.pause();
    expect(m0.state).toBe("paused");
    await m0.resume();
    await m0.stop({ timeout: 0 });
    expect(pidGone(tracer)).toBe(true);
    await m0.start({ disk: null });
    expect(m0.tracerPid).toBeUndefined();
  });

  test("an I/O error on the WAL: etcd cannot save raft's state and exits", async () => {
    await using cluster = await one();
    await cluster.start();
    const m0 = cluster.member(0);
    await m0.stop();
    await m0.start({ disk: { write: { error: "EIO" }, files: "wal" }, wait: "spawned" });
    const exit = await m0.waitExit({ timeout: "20s" });
    expect(exit.code).not.toBe(0);
    expect(m0.log.sinceStart().join("\n")).toMatch(/\.wal: input\/output error/);
  });

  test("a full disk: the WAL write fails with ENOSPC, and the log still prints", async () => {
    await using cluster = await one();
    await cluster.start();
    const m0 = cluster.member(0);
    await m0.stop();
    await m0.start({ disk: { full: true }, wait: "spawned" });
    await m0.waitExit({ timeout: "20s" });
    expect(m0.log.sinceStart().join("\n")).toMatch(/no space left on device/);
  });

  test("from the frontmatter: cluster.member.m0.disk applies from the first start", async () => {
    await using cluster = await one({ member: { m0: { disk: { fsync: { delay: 10 } }, "log-level": "info" } } });
    await cluster.start({ timeout: "30s" });
    const m0 = cluster.member(0);
    expect(m0.tracerPid).toBeGreaterThan(0);
    expect(m0.args).toContain("--log-level=info");
    expect(m0.args.some((a) => a.startsWith("--disk"))).toBe(false);
  });

  test("a tracer that outlives its killed etcd gets SIGKILL too: stop, kill and teardown end", async () => {
    const outlives = path.join(import.meta.dirname, "../../../fixtures/tracers/outlives-tracee.sh");
    await using cluster = await one({}, outlives);
    await cluster.start();
    const m0 = cluster.member(0);
    const tracerStarts = async () => {
      await m0.restart({ disk: { fsync: { delay: "1ms" } } });
      const [tracer, etcd] = [m0.tracerPid!, m0.pid!];
      expect(tracer).toBeGreaterThan(0);
      expect(etcd).not.toBe(tracer);
      return { tracer, etcd };
    };
    // stop(): etcd ends on SIGTERM, the tracer does not; 1 s of grace, SIGKILL to etcd, then to the tracer.
    let { tracer, etcd } = await tracerStarts();
    let exit = await m0.stop({ timeout: "1s" });
    expect(exit.signal).toBe("SIGKILL");
    expect([pidGone(etcd), pidGone(tracer)]).toEqual([true, true]);
    // kill(): SIGKILL to etcd, then to the tracer.
    ({ tracer, etcd } = await tracerStarts());
    exit = await m0.kill();
    expect(exit.signal).toBe("SIGKILL");
    expect([pidGone(etcd), pidGone(tracer)]).toEqual([true, true]);
    // Teardown: no grace, nothing left behind.
    ({ tracer, etcd } = await tracerStarts());
    expect((await cluster.teardown({ keep: false })).errors).toEqual([]);
    expect([pidGone(etcd), pidGone(tracer)]).toEqual([true, true]);
  });

  test("bad input: an impossible disk fault, and no strace", async () => {
    await using cluster = await one({}, "/nonexistent/strace");
    await cluster.start();
    const m0 = cluster.member(0);
    // Refused before the member is stopped: it keeps running.
    await expect(m0.restart({ disk: { fdatasync: { delay: "soon" as "1s" } } })).rejects.toMatchObject({ code: "FAULT_INVALID", message: expect.stringContaining("fdatasync.delay") });
    await expect(m0.restart({ disk: { fdatasync: {} } })).rejects.toMatchObject({ code: "FAULT_INVALID", message: expect.stringContaining("give a delay") });
    expect(m0.state).toBe("running");
    await expect(m0.restart({ disk: { fdatasync: { delay: "1s" } } })).rejects.toMatchObject({ code: "FAULT_UNAVAILABLE", message: "disk faults need strace, and /nonexistent/strace does not exist" });
  });
});

describe("a data dir on a small filesystem", () => {
  test("is a tmpfs of the size asked for, unmounted at teardown", async () => {
    const series = FAULT_SERIES[0]!;
    const cluster = await createCluster({ binary: await binary(series), shape: { members: 1, member: { m0: { disk: { size: 200 * 1024 * 1024 } } as never } }, runDir: runDir(), label: "small-fs" });
    const m0 = cluster.member(0);
    try {
      if (process.getuid?.() !== 0) {
        await expect(cluster.start()).rejects.toMatchObject({ code: "FAULT_UNAVAILABLE", message: expect.stringContaining("needs root") });
        return;
      }
      await cluster.start();
      const mount = readFileSync("/proc/self/mounts", "utf8").split("\n").find((l) => l.split(" ")[1] === m0.dataDir);
      expect(mount).toMatch(new RegExp(`^tmpfs ${m0.dataDir} tmpfs .*size=204800k`));
      await m0.client().put("k").value("v");
    } finally {
      expect((await cluster.teardown({ keep: false })).errors).toEqual([]);
    }
    expect(readFileSync("/proc/self/mounts", "utf8")).not.toContain(m0.dataDir);
    expect(existsSync(m0.dataDir)).toBe(false);
  });
});
