// Reading the runner's results file at build (and dev render) time. A missing file is normal —
// pages then say "not verified in this build"; a file that does not match the schema fails the
// build, because rendering it would show badges nobody can trust.
import { readFileSync, statSync } from "node:fs";
import { resultsFileSchema, type ResultsFile } from "../../schema/results.ts";

export class ResultsFileError extends Error {
  readonly code = "RESULTS_INVALID";
  readonly path: string;
  readonly problems: string[];
  constructor(path: string, problems: string[]) {
    super(`${path}: not a results file of this version of etcd-playbooks:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "ResultsFileError";
    this.path = path;
    this.problems = problems;
  }
}

let cache: { path: string; mtimeMs: number; file: ResultsFile } | undefined;

/** The parsed results file at `path`, or `undefined` when there is none. Re-read when it changes. */
export function loadResults(path: string): ResultsFile | undefined {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
  if (cache?.path === path && cache.mtimeMs === mtimeMs) return cache.file;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ResultsFileError(path, [`not JSON: ${(error as Error).message}`]);
  }
  const parsed = resultsFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new ResultsFileError(path, parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`));
  }
  cache = { path, mtimeMs, file: parsed.data };
  return parsed.data;
}
