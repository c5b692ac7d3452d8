// `npm run soak -- [N] [runner args…]`: runs the whole playbook suite N times in a row (default
// 20, every supported series) through the real CLI, and reports passes, failures, each flaky step (file,
// step, series, count and why), and leaks (an etcd or run dir a run left). Not part of npm test.
// Each run's full output is kept in bench/.out/soak/run-<i>.log for the failures worth reading.
// Last line: key=value figures, e.g. `runs=20 passed=20 failed=0 flaky_steps=0 leaks=0`.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runRoot } from "../../src/runner/os/index.ts";
import { resultsFileSchema } from "../../src/schema/results.ts";
import { describeStep, Tally } from "./tally.ts";
import { leftoversOf } from "./leaks.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const OUT = path.join(ROOT, "bench/.out/soak");
/** Far above a whole suite's run; a run that outlives it is killed and counted as failed. */
const RUN_BOUND_MS = 30 * 60_000;

const args = process.argv.slice(2);
const runs = /^\d+$/.test(args[0] ?? "") ? Number(args.shift()) : 20;
const passThrough = args.some((a) => a.startsWith("--etcd-version")) ? args : ["--etcd-version", "all", ...args];

function runOnce(i: number): Promise<{ code: number | null; ms: number; pid: number; results: string; log: string }> {
  const results = path.join(OUT, `results-${i}.json`);
  const log = path.join(OUT, `run-${i}.log`);
  rmSync(results, { force: true });
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, "src/cli/playbook.ts"), "--reporter=dot", ...passThrough], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1", ETCD_PLAYBOOKS_RESULTS: results },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (out += d));
  const timer = setTimeout(() => child.kill("SIGTERM"), RUN_BOUND_MS);
  return new Promise((resolve) =>
    child.once("close", (code) => {
      clearTimeout(timer);
      writeFileSync(log, out);
      resolve({ code, ms: performance.now() - started, pid: child.pid!, results, log });
    }),
  );
}

mkdirSync(OUT, { recursive: true });
const tally = new Tally();
const durations: number[] = [];
let passed = 0;
let leaks = 0;
console.log(`soak: ${runs} runs of npm run playbook -- ${passThrough.join(" ")}`);
for (let i = 1; i <= runs; i++) {
  const r = await runOnce(i);
  durations.push(r.ms);
  const left = await leftoversOf(runRoot(), r.pid);
  leaks += left.length;
  let note = "";
  if (existsSync(r.results)) tally.add(resultsFileSchema.parse(JSON.parse(readFileSync(r.results, "utf8"))));
  else note = " (no results file)";
  if (r.code === 0 && left.length === 0) passed++;
  const status = r.code === 0 ? "passed" : `FAILED (exit ${r.code})${note}; see ${path.relative(ROOT, r.log)}`;
  console.log(`run ${i}/${runs}: ${status} in ${(r.ms / 1000).toFixed(1)} s${left.length ? `; LEFT BEHIND: ${left.join(", ")}` : ""}`);
}

const flaky = tally.flaky();
const broken = tally.broken();
const sorted = [...durations].sort((a, b) => a - b);
const mid = Math.floor(sorted.length / 2);
const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
console.log(`\n${passed} of ${runs} runs passed; run time median ${(median / 1000).toFixed(1)} s, max ${(sorted.at(-1)! / 1000).toFixed(1)} s`);
console.log(flaky.length ? `Flaky steps (failed in some runs, passed in others):\n${flaky.map(describeStep).join("\n")}` : "Flaky steps: none");
if (broken.length) console.log(`Failing in every run (broken, not flaky):\n${broken.map(describeStep).join("\n")}`);
if (leaks) console.log(`Leaks: ${leaks} (etcd processes or run dirs left after a run)`);
console.log(`runs=${runs} passed=${passed} failed=${runs - passed} flaky_steps=${flaky.length} broken_steps=${broken.length} leaks=${leaks}`);
process.exitCode = passed === runs ? 0 : 1;
