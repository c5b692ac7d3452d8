// `npm run soak:chaos -- [N] [--window S] [runner args…]`: N runs (default 20) of
// `npm run playbook -- --etcd-version all` (or the runner args given), each sent one of the ways a
// run ends early, at a random moment in its first S seconds (default 120): Ctrl-C to the whole
// process group, SIGTERM to the runner, SIGTERM to npm alone, SIGTERM or SIGKILL to a Vitest
// worker. After each run, nothing may be left: no run dir of the runner, no etcd naming one, no
// step script marked with one, no port reservation of a dead owner. Not part of npm test; the
// runs take as long as the suite does when a worker is killed (the run goes on).
// Last line: key=value figures, e.g. `runs=20 clean=20 leaks=0 hung=0 missed=0`.
import { spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { runRoot } from "../../src/runner/os/index.ts";
import { leftoversOf } from "./leaks.ts";
import { descendants, isAlive, markedWith, ownedRunDirs, workersOf } from "./procs.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const OUT = path.join(ROOT, "bench/.out/chaos");
/** A run that ends itself (a worker killed) may take the whole suite; one told to stop, a minute. */
const RUN_BOUND_MS = 30 * 60_000;
const STOP_BOUND_MS = 60_000;

const KINDS = ["ctrl-c", "sigterm-runner", "sigterm-npm", "sigterm-worker", "sigkill-worker"] as const;
type Kind = (typeof KINDS)[number];

const args = process.argv.slice(2);
const runs = /^\d+$/.test(args[0] ?? "") ? Number(args.shift()) : 20;
const w = args.indexOf("--window");
const windowMs = w >= 0 ? Number(args.splice(w, 2)[1]) * 1000 : 120_000;
const passThrough = args.some((a) => a.startsWith("--etcd-version")) ? args : ["--etcd-version", "all", ...args];

/** Each kind as often as the others (20 runs: 4 each), in a random order. */
function schedule(n: number): Kind[] {
  const kinds = Array.from({ length: n }, (_, i) => KINDS[i % KINDS.length]!);
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j]!, kinds[i]!];
  }
  return kinds;
}

async function until<T>(ms: number, probe: () => Promise<T | undefined>): Promise<T | undefined> {
  const deadline = performance.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined || performance.now() > deadline) return v;
    await delay(100);
  }
}

async function chaosRun(i: number, kind: Kind): Promise<{ line: string; leaks: number; hung: boolean; missed: boolean }> {
  const results = path.join(OUT, `results-${i}.json`);
  const log = path.join(OUT, `run-${i}.log`);
  rmSync(results, { force: true });
  const npm = spawn("npm", ["run", "playbook", "--", "--reporter=dot", ...passThrough], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1", ETCD_PLAYBOOKS_RESULTS: results },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // npm leads a process group, as a shell's foreground job does: Ctrl-C signals it
  });
  let out = "";
  npm.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
  npm.stderr.setEncoding("utf8").on("data", (d: string) => (out += d));
  const closed = new Promise<void>((resolve) => npm.once("close", () => resolve()));
  const started = performance.now();
  const runner = await until(60_000, async () => (await descendants(npm.pid!)).find((p) => p.argv[1]?.endsWith("src/cli/playbook.ts"))?.pid);
  if (runner === undefined) throw new Error(`run ${i}: no runner under npm (pid ${npm.pid}):\n${out}`);
  // Run dirs are removed as the run ends: remember each one seen, to look for what names it afterwards.
  const seen = new Set<string>();
  const watch = setInterval(async () => (await ownedRunDirs(runRoot(), runner)).forEach((d) => seen.add(d)), 250);
  const at = 1_000 + Math.random() * (windowMs - 1_000);
  await Promise.race([delay(at), closed]);
  let missed = !(await isAlive(runner));
  if (!missed) {
    if (kind === "ctrl-c") process.kill(-npm.pid!, "SIGINT");
    else if (kind === "sigterm-npm") process.kill(npm.pid!, "SIGTERM");
    else if (kind === "sigterm-runner") process.kill(runner, "SIGTERM");
    else {
      // Between two playbooks no worker runs: wait for the next one.
      const workers = await until(30_000, async () => ((await workersOf(runner)).length ? await workersOf(runner) : undefined));
      if (workers) process.kill(workers[Math.floor(Math.random() * workers.length)]!, kind === "sigkill-worker" ? "SIGKILL" : "SIGTERM");
      missed = workers === undefined;
    }
  }
  const bound = kind.endsWith("worker") ? RUN_BOUND_MS : STOP_BOUND_MS;
  const ended = await until(bound, async () => ((await isAlive(runner)) ? undefined : true));
  if (!ended) {
    process.kill(-npm.pid!, "SIGKILL");
    process.kill(runner, "SIGKILL");
  }
  await Promise.race([closed, delay(5_000)]);
  clearInterval(watch);
  writeFileSync(log, out);
  const left = [...(await leftoversOf(runRoot(), runner)), ...(await markedWith([...seen]))];
  const when = `${(at / 1000).toFixed(1)} s`;
  const how = !ended ? "DID NOT END" : missed ? "ended before the signal" : "ended";
  const line = `run ${i}/${runs}: ${kind} at ${when}: ${how} after ${((performance.now() - started) / 1000).toFixed(1)} s${left.length ? `; LEFT BEHIND: ${left.join(", ")}` : "; nothing left"}`;
  return { line, leaks: left.length, hung: !ended, missed };
}

mkdirSync(OUT, { recursive: true });
console.log(`chaos: ${runs} runs of npm run playbook -- ${passThrough.join(" ")}, each signalled within its first ${windowMs / 1000} s`);
let clean = 0;
let leaks = 0;
let hung = 0;
let missed = 0;
for (const [n, kind] of schedule(runs).entries()) {
  const r = await chaosRun(n + 1, kind);
  console.log(r.line);
  leaks += r.leaks;
  hung += Number(r.hung);
  missed += Number(r.missed);
  if (r.leaks === 0 && !r.hung) clean++;
}
console.log(`\n${clean} of ${runs} runs left nothing behind and ended`);
console.log(`runs=${runs} clean=${clean} leaks=${leaks} hung=${hung} missed=${missed}`);
process.exitCode = clean === runs ? 0 : 1;
