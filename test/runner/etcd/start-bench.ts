// Start-to-ready of a 1- and 3-member cluster: this layer (createCluster + start) against a
// minimal script that spawns etcd with the same flags and polls it the same way. Prints medians
// and the ratio. Run: node_modules/node/bin/node test/runner/etcd/start-bench.ts [runs]
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { createCluster, newRunDir, reapRunDir, resolveEtcd, SUPPORTED_SERIES, type EtcdBinary } from "../../../src/runner/etcd/index.ts";
import { freePorts } from "../../../src/runner/etcd/ports.ts";
import { linearizableRead } from "../../../src/runner/etcd/probe.ts";

const runs = Number(process.argv[2] ?? 7);
const only = process.argv[3]; // e.g. "3.5" to bench one series
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function baseline(binary: EtcdBinary, n: number, root: string): Promise<number> {
  const dir = await mkdtemp(path.join(root, "baseline-"));
  const t0 = performance.now();
  const ports = await freePorts(2 * n);
  const peer = (i: number) => `http://127.0.0.1:${ports[2 * i + 1]}`;
  const client = (i: number) => `http://127.0.0.1:${ports[2 * i]}`;
  const initial = Array.from({ length: n }, (_, i) => `m${i}=${peer(i)}`).join(",");
  const children = Array.from({ length: n }, (_, i) => {
    const child = spawn(binary.etcd, [`--name=m${i}`, `--data-dir=${dir}/m${i}`, `--listen-client-urls=${client(i)}`, `--advertise-client-urls=${client(i)}`, `--listen-peer-urls=${peer(i)}`, `--initial-advertise-peer-urls=${peer(i)}`, `--initial-cluster=${initial}`, "--initial-cluster-state=new", "--initial-cluster-token=bench", "--heartbeat-interval=10", "--election-timeout=100"], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.resume();
    child.stderr.resume();
    return child;
  });
  await Promise.all(
    children.map(async (_, i) => {
      while (!(await linearizableRead(client(i), 1000)).ok) await new Promise((r) => setTimeout(r, 20));
    }),
  );
  const took = performance.now() - t0;
  await Promise.all(children.map((c) => new Promise((r) => (c.once("close", r), c.kill("SIGKILL")))));
  await rm(dir, { recursive: true, force: true });
  return took;
}

async function layer(binary: EtcdBinary, n: number, runDir: string): Promise<number> {
  const t0 = performance.now();
  const cluster = await createCluster({ binary, shape: { members: n }, runDir, label: "bench" });
  await cluster.start();
  const took = performance.now() - t0;
  await cluster.teardown({ keep: false });
  return took;
}

const runDir = await newRunDir();
try {
  for (const series of SUPPORTED_SERIES.filter((s) => !only || s === only)) {
    const binary = await resolveEtcd({ series });
    for (const n of [1, 3]) {
      const base: number[] = [];
      const ours: number[] = [];
      await layer(binary, n, runDir); // warm-up: page cache, first spawn
      for (let i = 0; i < runs; i++) {
        base.push(await baseline(binary, n, runDir));
        ours.push(await layer(binary, n, runDir));
      }
      const [b, o] = [median(base), median(ours)];
      console.log(`etcd ${binary.version.version} ${n} member(s): baseline ${Math.round(b)} ms, layer ${Math.round(o)} ms, ratio ${(o / b).toFixed(2)}\n  baseline runs: ${base.map(Math.round).join(", ")}\n  layer runs:    ${ours.map(Math.round).join(", ")}`);
    }
  }
} finally {
  await reapRunDir(runDir);
}
