// The runner as a user starts it: `node src/cli/playbook.ts` on Node 22, over a fixture folder
// (ETCD_PLAYBOOKS_DIR), with its own results file, so that tests can run it, signal it and read
// what it wrote.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { resultsFileSchema, type ResultsFile } from "../../src/schema/results.ts";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const NODE = path.join(ROOT, "node_modules/node/bin/node");
export const FIXTURES = "test/fixtures/faults";

export interface CliOptions {
  /** Playbooks folder, relative to the repository root. */
  dir?: string;
  env?: Record<string, string | undefined>;
  /** Results file; default a fresh one in a temp dir. */
  results?: string;
  /** Lead a process group of its own, as a shell's foreground job does (Ctrl-C signals the group). */
  group?: boolean;
  /** Start it as users and CI do, `npm run playbook -- …`: `pid` is then npm's, the runner its grandchild. */
  npm?: boolean;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface CliRun {
  child: ChildProcess;
  pid: number;
  results: string;
  /** stdout and stderr as printed so far, interleaved. */
  output(): string;
  exited: Promise<Exit>;
  readResults(): ResultsFile;
}

export function startCli(args: string[], options: CliOptions = {}): CliRun {
  const results = options.results ?? path.join(mkdtempSync(path.join(os.tmpdir(), "cli-results-")), "results.json");
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", ETCD_PLAYBOOKS_RESULTS: results };
  // The runner's own settings must come from the test, never from the shell that started it.
  for (const key of Object.keys(env)) if (key.startsWith("ETCD_PLAYBOOKS_") && key !== "ETCD_PLAYBOOKS_RESULTS") delete env[key];
  delete env.ETCD_BIN;
  if (options.dir) env.ETCD_PLAYBOOKS_DIR = options.dir;
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const [command, argv] = options.npm ? ["npm", ["run", "playbook", "--", ...args]] : [NODE, [path.join(ROOT, "src/cli/playbook.ts"), ...args]];
  const child = spawn(command, argv, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"], detached: options.group ?? false });
  let out = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (out += d));
  const exited = new Promise<Exit>((resolve) => child.once("close", (code, signal) => resolve({ code, signal })));
  return {
    child,
    pid: child.pid!,
    results,
    output: () => out,
    exited,
    readResults: () => resultsFileSchema.parse(JSON.parse(readFileSync(results, "utf8"))),
  };
}

/** Runs the CLI to its end, bounded: a run that outlives `timeoutMs` is killed and the test fails. */
export async function runCli(args: string[], options: CliOptions & { timeoutMs?: number } = {}): Promise<CliRun & Exit & { out: string }> {
  const run = startCli(args, options);
  const limit = options.timeoutMs ?? 120_000;
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      run.child.kill("SIGKILL");
      reject(new Error(`the runner did not exit within ${limit / 1000} s:\n${run.output()}`));
    }, limit);
  });
  try {
    const exit = await Promise.race([run.exited, bound]);
    return { ...run, ...exit, out: run.output() };
  } finally {
    clearTimeout(timer);
  }
}

/** Removes a results file's temp dir (only the ones startCli made). */
export function removeResults(run: { results: string }): void {
  if (path.basename(path.dirname(run.results)).startsWith("cli-results-")) rmSync(path.dirname(run.results), { recursive: true, force: true });
}
