// One member's lifecycle against real etcd, on every supported series.
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import net from "node:net";
import { describe, expect, test } from "vitest";
import { createCluster, type ManagedCluster } from "../../../../src/runner/etcd/index.ts";
import { procState } from "../../../../src/runner/os/proc.ts";
import { linearizableRead } from "../../../../src/runner/etcd/clients/probe.ts";
import { SERVING_LINE } from "../../../../src/runner/etcd/member/readiness.ts";
import { SERIES, binary, pidGone, useRunDir } from "../helpers.ts";

const runDir = useRunDir();

describe.each(SERIES)("etcd %s member", (series) => {
  async function oneMember(flags: Record<string, string | number | boolean | null> = {}): Promise<ManagedCluster> {
    return createCluster({ binary: await binary(series), shape: { members: 1, flags }, runDir: runDir(), label: `member-${series}` });
  }

  test("starts ready: running, serving reads, command line and log in place", async () => {
    await using cluster = await oneMember();
    const m = cluster.member("m0");
    expect(m.state).toBe("new");
    await cluster.start();
    expect(m.state).toBe("running");
    expect(pidGone(m.pid!)).toBe(false);
    expect((await linearizableRead(m.clientUrl, 1000)).ok).toBe(true);
    expect(m.log.sinceStart().some((l) => SERVING_LINE.test(l))).toBe(true);
    const run = cluster.memberRuns()[0]!;
    expect(run.args[0]).toBe("etcd");
    expect(run.args).toContain("--heartbeat-interval=25");
    expect(run.args).toContain(`--data-dir=${m.dataDir}`);
    expect(run.args.find((a) => a.startsWith("--initial-cluster-token="))).toMatch(/etcd-playbooks-[0-9a-f]{12}/);
    expect(m.clientUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(m.clientUrl).not.toMatch(/:(2379|2380)$/);
  });

  test('start({ wait: "serving" }) resolves on the log line; "spawned" right after spawn', async () => {
    await using cluster = await oneMember();
    const m = cluster.member(0);
    await m.start({ wait: "spawned" });
    expect(m.state).toBe("running");
    await m.stop();
    await m.start({ wait: "serving" });
    expect(m.log.sinceStart().some((l) => SERVING_LINE.test(l))).toBe(true);
  });

  test("stop() twice at once: one exit, the process gone, state stopped; stop() again is harmless", async () => {
    await using cluster = await oneMember();
    await cluster.start();
    const m = cluster.member(0);
    const pid = m.pid!;
    const [a, b] = await Promise.all([m.stop(), m.stop()]);
    expect(a).toBe(b);
    expect(m.state).toBe("stopped");
    expect(m.pid).toBeUndefined();
    expect(pidGone(pid)).toBe(true);
    expect(await m.stop()).toEqual(a);
  });

  test("pause() hangs the process (reads time out); resume() brings it back", async () => {
    await using cluster = await oneMember();
    await cluster.start();
    const m = cluster.member(0);
    await m.pause();
    expect(m.state).toBe("paused");
    expect(await procState(m.pid!)).toMatch(/^[Tt]$/);
    expect(await linearizableRead(m.clientUrl, 300)).toEqual({ ok: false, error: "no answer within 300 ms" });
    await m.resume();
    expect(m.state).toBe("running");
    await m.waitReady({ timeout: "5s" });
  });

  test("restart with a changed flag: the new flag is on the command line and shows in the log", async () => {
    await using cluster = await oneMember();
    await cluster.start();
    const m = cluster.member(0);
    await m.restart({ flags: { "log-level": "debug" } });
    expect(m.args).toContain("--log-level=debug");
    // 3.5 logs JSON with "level":"debug"; 3.4's capnslog marks debug lines with " D | ".
    const line = await m.waitForLog(series === "3.4" ? / D \| / : /"level":"debug"/, { timeout: "5s" });
    expect(line).toBeTruthy();
    await m.restart({ flags: { "log-level": null } });
    expect(m.args.some((a) => a.startsWith("--log-level"))).toBe(false);
  });

  test("waitForLog: timeout error names the pattern and quotes the log; exit rejects with ETCD_EXITED", async () => {
    await using cluster = await oneMember();
    await cluster.start();
    const m = cluster.member(0);
    const error = await m.waitForLog("no such line ever", { timeout: 200, from: "now" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "LOG_WAIT_TIMEOUT", message: 'm0 did not log "no such line ever" within 0.2 s (member is running)' });
    expect((error as { details: string }).details).toContain(m.log.tail().split("\n").at(-1));
    const waiting = m.waitForLog(/never/, { timeout: "10s", from: "now" });
    await m.kill("SIGKILL");
    await expect(waiting).rejects.toMatchObject({ code: "ETCD_EXITED", message: "m0 exited (killed by SIGKILL) before logging /never/" });
    expect(m.state).toBe("exited");
    expect(m.exit).toEqual({ code: null, signal: "SIGKILL" });
  });

  test("a port already in use: ETCD_START_FAILED quoting etcd's line", async () => {
    const holder = net.createServer();
    await new Promise<void>((r) => holder.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(holder.address() as net.AddressInfo).port}`;
    try {
      await using cluster = await oneMember();
      const m = cluster.member(0);
      m.setFlags({ "listen-client-urls": url, "advertise-client-urls": url });
      const error = await m.start({ timeout: "10s" }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "ETCD_START_FAILED" });
      expect((error as Error).message).toMatch(/^etcd member m0 exited during start-up, exit code 1 \(a port is already in use\): .*bind: address already in use/);
      expect(m.state).toBe("exited");
    } finally {
      holder.close();
    }
  });

  test("cluster.start() retries with fresh ports when a chosen port was taken", async () => {
    await using cluster = await oneMember();
    const m = cluster.member(0);
    const taken = Number(new URL(m.clientUrl).port);
    const holder = net.createServer();
    await new Promise<void>((r) => holder.listen(taken, "127.0.0.1", r));
    try {
      await cluster.start();
      expect(m.state).toBe("running");
      expect(Number(new URL(m.clientUrl).port)).not.toBe(taken);
      expect(m.log.text()).toContain("address already in use");
    } finally {
      holder.close();
    }
  });

  test("a binary that cannot run: ETCD_START_FAILED; stop() on a member never started is harmless", async () => {
    const real = await binary(series);
    await using cluster = await createCluster({ binary: { ...real, etcd: "/nonexistent/etcd" }, shape: { members: 1 }, runDir: runDir(), label: "nobin" });
    const m = cluster.member(0);
    expect(await m.stop()).toEqual({ code: null, signal: null });
    await expect(m.start()).rejects.toMatchObject({ code: "ETCD_START_FAILED", message: expect.stringContaining("m0: cannot run /nonexistent/etcd: spawn /nonexistent/etcd ENOENT") });
    expect(m.state).toBe("exited");
  });

  test("a 3-member start fails as soon as one member cannot start, not after the others' time limit", async () => {
    await using cluster = await createCluster({ binary: await binary(series), shape: { members: 3, member: { m1: { "no-such-flag": true }, m2: { "no-such-flag": true } } }, runDir: runDir(), label: "fast-fail" });
    const t0 = performance.now();
    await expect(cluster.start()).rejects.toMatchObject({ code: "ETCD_START_FAILED", message: expect.stringMatching(/^etcd member m[12] exited during start-up/) });
    expect(performance.now() - t0).toBeLessThan(3_000);
  });

  test("an unknown flag: ETCD_START_FAILED quoting etcd's complaint", async () => {
    await using cluster = await oneMember({ "no-such-flag": true });
    await expect(cluster.start()).rejects.toMatchObject({
      code: "ETCD_START_FAILED",
      message: "etcd member m0 exited during start-up, exit code 2 (etcd rejected a flag): flag provided but not defined: -no-such-flag",
    });
  });

  test("the caller's ETCD_* variables do not reach a member (etcd would read them as flags)", async () => {
    // ETCD_NAME alone makes etcd exit ("conflicting environment variable is shadowed"); on 3.4
    // ETCD_VERSION=<a version> does too ("parse error").
    const saved = { ETCD_NAME: process.env.ETCD_NAME, ETCD_VERSION: process.env.ETCD_VERSION };
    process.env.ETCD_NAME = "intruder";
    process.env.ETCD_VERSION = "3.4.23";
    try {
      await using cluster = await oneMember();
      await cluster.start();
      expect(cluster.member(0).log.sinceStart().filter((l) => /environment variable|ETCD_/.test(l))).toEqual([]);
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  test("wipe() empties the data dir of a stopped member; it then starts as a new cluster", async () => {
    await using cluster = await oneMember();
    await cluster.start();
    const m = cluster.member(0);
    await m.client().put("kept?").value("yes");
    await expect(m.wipe()).rejects.toMatchObject({ code: "MEMBER_STATE" });
    await m.stop();
    await m.wipe();
    expect(await readdir(m.dataDir)).toEqual([]);
    await m.start();
    expect(await m.client().get("kept?").string()).toBeNull();
  });

  test('damage("wal") makes the next start fail; damage("db") too', async () => {
    await using cluster = await oneMember();
    await cluster.start();
    const m = cluster.member(0);
    const client = m.client();
    for (let i = 0; i < 10; i++) await client.put(`k${i}`).value("x".repeat(64));
    await m.stop();
    const wal = await m.damage("wal");
    expect(wal).toMatch(/member\/wal\/[0-9a-f-]+\.wal$/);
    await expect(m.start({ timeout: "10s" })).rejects.toMatchObject({ code: "ETCD_START_FAILED", message: expect.stringContaining("crc mismatch") });
    await m.wipe();
    await m.start();
    await m.stop();
    const db = await m.damage("db");
    expect((await stat(db)).size).toBeLessThanOrEqual(6144);
    await expect(m.start({ timeout: "10s" })).rejects.toMatchObject({ code: "ETCD_START_FAILED", message: expect.stringContaining("file size too small") });
  });

  test("teardown leaves no process and no directory; await using does the same", async () => {
    const cluster = await oneMember();
    await cluster.start();
    const pid = cluster.member(0).pid!;
    const report = await cluster.teardown({ keep: false });
    expect(report.errors).toEqual([]);
    expect(pidGone(pid)).toBe(true);
    await expect(stat(cluster.dir)).rejects.toMatchObject({ code: "ENOENT" });
    expect(await cluster.teardown({ keep: false })).toBe(report);

    let disposedPid = 0;
    let dir = "";
    {
      await using c2 = await oneMember();
      await c2.start();
      disposedPid = c2.member(0).pid!;
      dir = c2.dir;
    }
    expect(pidGone(disposedPid)).toBe(true);
    await expect(stat(dir)).rejects.toMatchObject({ code: "ENOENT" });
  });

  test("teardown({ keep: true }) moves the member dirs (data and log) to keepDir", async () => {
    const cluster = await oneMember();
    await cluster.start();
    // Run dirs live on tmpfs, kept data on disk: the move crosses file systems (a copy).
    const keepDir = path.join(await mkdtemp(path.join(os.tmpdir(), "kept-")), series);
    try {
      const report = await cluster.teardown({ keep: true, keepDir });
      expect(report).toMatchObject({ errors: [], kept: keepDir });
      expect((await readdir(`${keepDir}/m0`)).sort()).toEqual(["data", "member.log"]);
      expect(await readdir(`${keepDir}/m0/data`)).toEqual(["member"]);
      expect(await readFile(`${keepDir}/m0/member.log`, "utf8")).toMatch(/--- .* exit: SIGTERM|--- .* exit: code 0/);
      await expect(stat(cluster.dir)).rejects.toMatchObject({ code: "ENOENT" });
    } finally {
      await rm(path.dirname(keepDir), { recursive: true, force: true });
    }
  });

  test("a keep dir that cannot be made is reported, not thrown, and the members still stop", async () => {
    const cluster = await oneMember();
    await cluster.start();
    const pid = cluster.member(0).pid!;
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), "kept-")), "a-file");
    await writeFile(file, "");
    try {
      const report = await cluster.teardown({ keep: true, keepDir: path.join(file, "kept") });
      expect(report.kept).toBeUndefined();
      expect(report.errors).toEqual([expect.stringMatching(/^keeping the data in .*a-file\/kept: ENOTDIR/)]);
      expect(report.error?.code).toBe("TEARDOWN_FAILED");
      expect(pidGone(pid)).toBe(true);
    } finally {
      await rm(path.dirname(file), { recursive: true, force: true });
    }
  });

  test("keep does not overwrite what a live concurrent run kept there; a dead run's is replaced", async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), "kept-"));
    const keepDir = path.join(base, series);
    const other = spawn("sleep", ["30"]); // the other run, alive while we keep
    try {
      await mkdir(keepDir);
      await writeFile(path.join(keepDir, "owner.json"), JSON.stringify({ pid: other.pid, startedAt: new Date().toISOString(), hostname: os.hostname() }));
      await writeFile(path.join(keepDir, "theirs"), "");
      const first = await oneMember();
      await first.start();
      expect(await first.teardown({ keep: true, keepDir })).toMatchObject({ errors: [], kept: `${keepDir}-2` });
      expect((await readdir(keepDir)).sort()).toEqual(["owner.json", "theirs"]);
      expect(await readdir(`${keepDir}-2`)).toContain("m0");

      other.kill("SIGKILL");
      await new Promise((r) => other.once("exit", r));
      const second = await oneMember();
      await second.start();
      expect(await second.teardown({ keep: true, keepDir })).toMatchObject({ errors: [], kept: keepDir });
      expect((await readdir(keepDir)).sort()).toEqual(["m0", "owner.json"]);
    } finally {
      other.kill("SIGKILL");
      await rm(base, { recursive: true, force: true });
    }
  });
});
