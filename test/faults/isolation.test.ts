// Issue 5, "isolation": two runs at once on one machine, writing the same results file, meet in
// the middle of a step (so their members are up together); neither binds 2379/2380, their ports
// and dirs differ, the results file keeps both, and an etcd neither of them started survives.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { resolveEtcd } from "../../src/runner/etcd/index.ts";
import { SUPPORTED_SERIES } from "../../src/schema/series.ts";
import { FIXTURES, removeResults, runCli, startCli, type CliRun } from "../helpers/cli.ts";
import { expectNoLeftovers, runDirOf } from "../helpers/leftovers.ts";
import { isGone, listeningOn, waitFor } from "../helpers/procs.ts";

let scratch: string;
let foreign: { pid: number; dataDir: string } | undefined;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), "faults-isolation-"));
  // An etcd the runner did not start, with a data dir of its own outside every run dir.
  const binary = await resolveEtcd({ series: "3.5" });
  const [client, peer] = [await freePort(), await freePort()];
  const dataDir = path.join(scratch, "foreign");
  const child = spawn(
    binary.etcd,
    [`--data-dir=${dataDir}`, `--listen-client-urls=http://127.0.0.1:${client}`, `--advertise-client-urls=http://127.0.0.1:${client}`, `--listen-peer-urls=http://127.0.0.1:${peer}`, `--initial-advertise-peer-urls=http://127.0.0.1:${peer}`, `--initial-cluster=default=http://127.0.0.1:${peer}`],
    { stdio: "ignore" },
  );
  foreign = { pid: child.pid!, dataDir };
  await waitFor("the foreign etcd's data dir", 20_000, () => existsSync(path.join(dataDir, "member")));
});

afterAll(() => {
  if (foreign && !isGone(foreign.pid)) process.kill(foreign.pid, "SIGKILL");
  rmSync(scratch, { recursive: true, force: true });
});

test("two runs at once do not collide, bind no default port, and leave a foreign etcd alone", async () => {
  const rendezvous = path.join(scratch, "rendezvous");
  mkdirSync(rendezvous);
  const results = path.join(scratch, "results.json");
  const two = SUPPORTED_SERIES.slice(0, 2);
  const runs: CliRun[] = two.map((series) =>
    startCli(["--etcd-version", series], { dir: `${FIXTURES}/isolation`, results, env: { FAULTS_RENDEZVOUS: rendezvous } }),
  );
  try {
    // Both members are up and waiting for each other: nobody listens on etcd's default ports.
    await waitFor(`both runs in the step\n${runs.map((r) => r.output()).join("\n")}`, 60_000, () => readdirSync(rendezvous).length >= 2);
    expect(listeningOn([2379, 2380])).toEqual([]);

    const exits = await Promise.all(runs.map((r) => r.exited));
    expect(exits, runs.map((r) => r.output()).join("\n")).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
    // One file, written by both: each run's entry is there (merged, not overwritten).
    const entries = runs[1]!.readResults().playbooks;
    expect(entries.map((p) => [p.etcdSeries, p.status]).sort()).toEqual(two.map((s) => [s, "passed"]));
    const seen = entries.map((p) => {
      const m = /client http:\/\/127\.0\.0\.1:(\d+) peer http:\/\/127\.0\.0\.1:(\d+) data (\S+)/.exec(p.steps[0]!.output)!;
      return { ports: [Number(m[1]), Number(m[2])], runDir: runDirOf(m[3]!) };
    });
    const ports = seen.flatMap((s) => s.ports);
    expect(new Set(ports).size).toBe(4);
    expect(ports.filter((p) => p === 2379 || p === 2380)).toEqual([]);
    expect(seen[0]!.runDir).not.toBe(seen[1]!.runDir);
    expectNoLeftovers({ pids: [], runDirs: seen.map((s) => s.runDir) });
    // Neither run's reaper touched an etcd it did not start.
    expect(isGone(foreign!.pid)).toBe(false);
  } finally {
    for (const r of runs) if (r.child.exitCode === null) r.child.kill("SIGKILL");
    removeResults({ results });
  }
});

test("the caller's ETCD_* variables reach neither the members nor the steps' scripts", async () => {
  // ETCD_NAME alone made every member exit ("conflicting environment variable is shadowed").
  const run = await runCli([], {
    dir: `${FIXTURES}/environment`,
    env: { ETCD_NAME: "from-the-shell", ETCD_DATA_DIR: path.join(scratch, "not-here"), ETCD_PLAYBOOKS_DEBIAN_MIRROR: "http://127.0.0.1:9" },
  });
  try {
    expect(run.code, run.out).toBe(0);
    expect(run.readResults().playbooks[0]!.steps.map((s) => s.status)).toEqual(["passed", "passed"]);
    expect(existsSync(path.join(scratch, "not-here"))).toBe(false);
  } finally {
    removeResults(run);
  }
});
