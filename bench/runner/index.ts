// bench/runner: what the harness costs on top of etcd itself, measured side by side in one run.
//  1. Readiness: a 1- and a 3-member cluster started by the runner's etcd layer, beside the same
//     cluster started by a minimal script that spawns etcd and polls it (interleaved, 5 rounds).
//  2. Steps: 40 one-put-one-get steps through `npm run playbook`, beside the same calls made by a
//     plain node script against the same member (the playbook's last step runs it).
//  3. Proxies: put+get on a 3-member cluster whose peers talk through the fault proxies, beside
//     one whose peers talk directly (./proxy.ts).
//  4. go steps: the cold and warm start of a go step that embeds etcd, the warm one beside the
//     cached binary run directly (./go-start.ts).
// Last line: key=value figures. Targets: overhead < 5 ms per step, ready ratios <= 1.2,
// proxy_ratio <= 1.1, an unchanged go step within 100 ms of its binary run directly.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createCluster, newRunDir, reapRunDir, resolveEtcd } from "../../src/runner/etcd/index.ts";
import { SUPPORTED_SERIES } from "../../src/schema/series.ts";
import { resultsFileSchema } from "../../src/schema/results.ts";
import { goStart } from "./go-start.ts";
import { minimalStart } from "./minimal-start.ts";
import { proxyCost } from "./proxy.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const f = (n: number, d = 1) => n.toFixed(d);

const series = SUPPORTED_SERIES[SUPPORTED_SERIES.length - 1]!;
const binary = await resolveEtcd({ series, onProgress: (l) => process.stderr.write(`${l}\n`) });
console.log(`etcd ${binary.version.version} (${binary.source}), ${os.cpus().length} cores, ${ROUNDS} rounds`);

async function runnerStart(members: number): Promise<number> {
  const runDir = await newRunDir();
  try {
    const started = performance.now();
    const cluster = await createCluster({ binary, shape: { members }, runDir, label: `bench-${members}` });
    await cluster.start();
    const ms = performance.now() - started;
    await cluster.teardown({ keep: false });
    return ms;
  } finally {
    await reapRunDir(runDir);
  }
}

const ready: Record<number, { runner: number[]; minimal: number[] }> = {};
for (const members of [1, 3]) {
  ready[members] = { runner: [], minimal: [] };
  await minimalStart(binary.etcd, members); // warm the page cache for both sides
  for (let i = 0; i < ROUNDS; i++) {
    // Alternate which goes first so neither always gets the warmer machine.
    if (i % 2 === 0) {
      ready[members].runner.push(await runnerStart(members));
      ready[members].minimal.push(await minimalStart(binary.etcd, members));
    } else {
      ready[members].minimal.push(await minimalStart(binary.etcd, members));
      ready[members].runner.push(await runnerStart(members));
    }
  }
}

const results = path.join(mkdtempSync(path.join(os.tmpdir(), "bench-runner-")), "results.json");
const run = spawnSync(process.execPath, [path.join(ROOT, "src/cli/playbook.ts"), "--etcd-version", series, "--reporter=dot"], {
  cwd: ROOT,
  encoding: "utf8",
  env: { ...process.env, ETCD_PLAYBOOKS_DIR: "bench/runner/playbooks", ETCD_PLAYBOOKS_RESULTS: results, NO_COLOR: "1" },
  timeout: 300_000,
});
if (run.status !== 0) {
  console.error(run.stdout, run.stderr);
  throw new Error(`the benchmark playbook failed (exit ${run.status})`);
}
const pb = resultsFileSchema.parse(JSON.parse(readFileSync(results, "utf8"))).playbooks[0]!;
const stepMs = pb.steps.filter((s) => s.name.startsWith("Round trip")).map((s) => s.durationMs);
const plainLine = pb.steps.at(-1)!.output.match(/plain_ms=([\d.,]+)/)?.[1];
if (!plainLine) throw new Error("the plain script printed no timings");
const plainMs = plainLine.split(",").map(Number);

const proxy = await proxyCost(binary, ROUNDS);
const proxyRatio = median(proxy.proxied) / median(proxy.direct);

const stepMedian = median(stepMs);
const plainMedian = median(plainMs);
const overhead = stepMedian - plainMedian;
const ratio = stepMedian / plainMedian;
const r1 = median(ready[1]!.runner) / median(ready[1]!.minimal);
const r3 = median(ready[3]!.runner) / median(ready[3]!.minimal);

const go = await goStart(binary.version.version, ROUNDS);
const goOver = go.warmMs - go.directMs;

console.log("");
console.log("                          runner      plain/minimal   ratio");
console.log(`step (put+get), median    ${f(stepMedian, 2).padStart(7)} ms  ${f(plainMedian, 2).padStart(10)} ms   ${f(ratio, 2)}`);
console.log(`ready, 1 member, median   ${f(median(ready[1]!.runner)).padStart(7)} ms  ${f(median(ready[1]!.minimal)).padStart(10)} ms   ${f(r1, 2)}`);
console.log(`ready, 3 members, median  ${f(median(ready[3]!.runner)).padStart(7)} ms  ${f(median(ready[3]!.minimal)).padStart(10)} ms   ${f(r3, 2)}`);
console.log(`put+get, 3 members, median ${f(median(proxy.proxied), 2).padStart(7)} ms  ${f(median(proxy.direct), 2).padStart(10)} ms   ${f(proxyRatio, 2)}   (peers through proxies / direct)`);
console.log(`go step, warm, to main    ${f(go.warmMs).padStart(7)} ms  ${f(go.directMs).padStart(10)} ms   ${f(go.warmMs / go.directMs, 2)}   (+${f(go.lookupMs)} ms cache lookup in the set-up)`);
console.log(`go step, warm, to ready   ${f(go.warmReadyMs).padStart(7)} ms  ${f(go.directReadyMs).padStart(10)} ms   ${f(go.warmReadyMs / go.directReadyMs, 2)}   (the embedded etcd elects itself)`);
console.log(`go step, cold (build)     ${f(go.coldS, 2).padStart(7)} s   (Go's build cache warm; a first build against a release compiles etcd: minutes)`);
console.log(`targets: overhead < 5 ms per step; ready ratios <= 1.2; proxy_ratio <= 1.1; a warm go step <= 100 ms over its binary run directly`);
console.log(
  `overhead_ms_per_step=${f(overhead, 2)} ratio=${f(ratio, 3)} ready_ratio_1=${f(r1, 3)} ready_ratio_3=${f(r3, 3)} ` +
    `step_ms=${f(stepMedian, 2)} plain_ms=${f(plainMedian, 2)} ready_ms_1=${f(median(ready[1]!.runner))} ready_ms_3=${f(median(ready[3]!.runner))} ` +
    `proxied_ms=${f(median(proxy.proxied), 2)} direct_ms=${f(median(proxy.direct), 2)} etcd=${binary.version.version} proxy_ratio=${f(proxyRatio, 3)} ` +
    `go_cold_s=${f(go.coldS, 2)} go_warm_ms=${f(go.warmMs)} go_direct_ms=${f(go.directMs)} go_warm_over_direct_ms=${f(goOver)} go_warm_ratio=${f(go.warmMs / go.directMs, 3)} ` +
    `go_warm_ready_ms=${f(go.warmReadyMs)} go_direct_ready_ms=${f(go.directReadyMs)} go_lookup_ms=${f(go.lookupMs, 2)}`,
);
