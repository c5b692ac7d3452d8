// Ports stay with the member that owns them, across processes: while a member is stopped, no other
// runner process (another worker, another run) may hand its ports out, and a killed runner's
// reservations do not block anyone for long. Real processes and a real etcd throughout.
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { createCluster } from "../../../src/runner/etcd/index.ts";
import { PORTS_DIR, reapReservations, releasePorts, reservePort } from "../../../src/runner/os/port-reservations.ts";
import { runRoot } from "../../../src/runner/os/index.ts";
import { binary, pidGone, useRunDir } from "../etcd/helpers.ts";

const FIXTURE = path.join(import.meta.dirname, "fixtures", "port-holder.ts");
const reservation = (port: number) => path.join(runRoot(), PORTS_DIR, String(port));
const runDir = useRunDir();

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

/** A process that reserves `n` ports and holds them until its stdin closes. */
async function holder(n: number): Promise<{ child: ChildProcessWithoutNullStreams; ports: number[] }> {
  const child = spawn(process.execPath, [FIXTURE, "hold", String(n)]);
  children.push(child);
  const line = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("\n")) resolve(out.trim());
    });
    child.once("exit", (code) => reject(new Error(`holder exited ${code} before printing its ports`)));
  });
  return { child, ports: JSON.parse(line) as number[] };
}

/** Which of `ports` another (short-lived) process manages to reserve. */
function tryFromAnotherProcess(ports: number[]): [number, boolean][] {
  return JSON.parse(execFileSync(process.execPath, [FIXTURE, "try", ...ports.map(String)], { encoding: "utf8" })) as [number, boolean][];
}

const exited = (child: ChildProcessWithoutNullStreams) => new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once("exit", r)));

describe("port reservations", () => {
  test("a port a live process holds cannot be reserved by another; its normal exit releases it", async () => {
    const { child, ports } = await holder(2);
    for (const p of ports) expect(existsSync(reservation(p)), `reservation of ${p}`).toBe(true);
    expect(await reservePort(ports[0]!)).toBe(false);
    expect(tryFromAnotherProcess(ports)).toEqual(ports.map((p) => [p, false]));

    child.stdin.end();
    await exited(child);
    expect(child.exitCode).toBe(0);
    for (const p of ports) expect(existsSync(reservation(p)), `reservation of ${p} after exit`).toBe(false);
  });

  test("a SIGKILLed holder's reservations are taken over by the next process that wants them", async () => {
    const { child, ports } = await holder(2);
    child.kill("SIGKILL");
    await exited(child);
    expect(pidGone(child.pid!)).toBe(true);
    expect(existsSync(reservation(ports[0]!))).toBe(true); // nothing ran at its death
    expect(await reservePort(ports[0]!)).toBe(true);
    releasePorts([ports[0]!]);
    expect(existsSync(reservation(ports[0]!))).toBe(false);
    // The reaper removes the other one without wanting it.
    await reapReservations();
    expect(existsSync(reservation(ports[1]!))).toBe(false);
  });

  test("the reaper leaves a live process's reservations alone", async () => {
    const { ports } = await holder(1);
    await reapReservations();
    expect(existsSync(reservation(ports[0]!))).toBe(true);
  });

  test("a stopped member keeps its ports from other processes until its cluster is torn down", async () => {
    const cluster = await createCluster({ binary: await binary("3.5"), shape: { members: 1 }, runDir: runDir(), label: "port-reservations" });
    const m0 = cluster.member(0);
    const ports = [m0.clientUrl, m0.peerUrl].map((u) => Number(new URL(u).port));
    try {
      await cluster.start();
      await m0.stop();
      // The OS sees both ports free now; the restart needs them.
      expect(tryFromAnotherProcess(ports)).toEqual(ports.map((p) => [p, false]));
      await m0.start();
    } finally {
      const report = await cluster.teardown();
      expect(report.errors).toEqual([]);
    }
    expect(tryFromAnotherProcess(ports)).toEqual(ports.map((p) => [p, true]));
  });
});
