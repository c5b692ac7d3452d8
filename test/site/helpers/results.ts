// The results file the browser test builds with: from a real run of the fixture playbook by the
// runner (preferred), or a file named by SITE_TEST_RESULTS; never one made up by the test.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { resultsFileSchema, type ResultsFile } from "../../../src/schema/results.ts";
import { NODE, REPO } from "./build.ts";

export interface FixtureResults {
  path: string;
  file: ResultsFile;
  source: "run" | "env";
}

export type Outcome = { results: FixtureResults } | { results: undefined; why: string };

function read(path: string): ResultsFile {
  return resultsFileSchema.parse(JSON.parse(readFileSync(path, "utf8")));
}

/** Runs `playbooks` (repository-relative) on every supported series, writing `path`. */
function runFixture(path: string, playbooks: string[], timeoutMs: number): Promise<{ code: number | null; tail: string }> {
  return new Promise((done, fail) => {
    const child = spawn(NODE, [join(REPO, "test/site/helpers/run-fixture-playbooks.ts"), path, ...playbooks], {
      cwd: REPO,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out = (out + d).slice(-3000)));
    child.stderr.on("data", (d: Buffer) => (out = (out + d).slice(-3000)));
    // SIGINT first: the runner tears its members down on Ctrl-C.
    const timer = setTimeout(() => child.kill("SIGINT"), timeoutMs);
    child.on("error", fail);
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, tail: out });
    });
  });
}

export async function fixtureResults(path: string, playbooks: string[], timeoutMs = 5 * 60_000): Promise<Outcome> {
  const fromEnv = process.env.SITE_TEST_RESULTS;
  if (fromEnv) return { results: { path: fromEnv, file: read(fromEnv), source: "env" } };
  const { code, tail } = await runFixture(path, playbooks, timeoutMs);
  if (!existsSync(path)) {
    return { results: undefined, why: `the runner wrote no results (exit ${code}); set SITE_TEST_RESULTS to a results file to test the verified views. Runner output:\n${tail}` };
  }
  const file = read(path);
  // A run that failed before its first step (runner broken, no etcd binary) verifies nothing the
  // site could show; that is the runner's own tests' business, not the site's.
  const ranSteps = file.playbooks.some((p) => p.steps.length > 0);
  if (!ranSteps) {
    const errors = file.playbooks.map((p) => `etcd ${p.etcdSeries}: ${p.error?.code ?? p.status} ${p.error?.message ?? ""}`).join("\n");
    return { results: undefined, why: `the runner ran no step of the fixture playbook (exit ${code}):\n${errors}` };
  }
  return { results: { path, file, source: "run" } };
}
