// Reads, merges and writes the results file (format: src/schema/results.ts). Entries of the
// (playbook, series, target) triples a run covered are replaced, every other entry is kept; the
// write is atomic (temp file + rename) under a lock dir, so two runs at once cannot interleave.
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  DEFAULT_RESULTS_PATH,
  RESULTS_SCHEMA_VERSION,
  resultsFileSchema,
  type PlaybookResult,
  type ResultsFile,
} from "../../schema/results.ts";
import { withDirLock } from "../os/index.ts";

export function resultsPath(root: string): string {
  return path.resolve(root, process.env.ETCD_PLAYBOOKS_RESULTS ?? DEFAULT_RESULTS_PATH);
}

export async function readResults(file: string): Promise<ResultsFile | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return undefined;
  }
  const parsed = resultsFileSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : undefined;
}

const key = (p: PlaybookResult) => `${p.file}\0${p.etcdSeries}\0${p.target}`;

/** `root` is the repository root that entries' `file` paths are relative to. */
export async function mergeResults(file: string, fresh: PlaybookResult[], root: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  // A second run finishing at the same moment waits here instead of overwriting this one's entries.
  await withDirLock(`${file}.lock`, { timeoutMs: 30_000 }, async () => {
    // Entries of playbooks that were deleted or renamed since would only confuse the site.
    const old = ((await readResults(file))?.playbooks ?? []).filter((p) => existsSync(path.resolve(root, p.file)));
    const replaced = new Set(fresh.map(key));
    const playbooks = [...old.filter((p) => !replaced.has(key(p))), ...fresh].sort(
      (a, b) => a.file.localeCompare(b.file) || a.etcdSeries.localeCompare(b.etcdSeries),
    );
    const out: ResultsFile = { schemaVersion: RESULTS_SCHEMA_VERSION, updatedAt: new Date().toISOString(), playbooks };
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(out, null, 1)}\n`);
    await rename(tmp, file);
  });
}
