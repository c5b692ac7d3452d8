// Reads, merges and writes the results file (format: src/schema/results.ts). Entries of the
// (playbook, series, target) triples a run covered are replaced, every other entry is kept; the
// write is atomic (temp file + rename) under a lock dir, so two runs at once cannot interleave.
import { mkdir, readFile, rename, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  DEFAULT_RESULTS_PATH,
  RESULTS_SCHEMA_VERSION,
  resultsFileSchema,
  type PlaybookResult,
  type ResultsFile,
} from "../../schema/results.ts";

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

export async function mergeResults(file: string, fresh: PlaybookResult[]): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const lock = `${file}.lock`;
  await acquire(lock);
  try {
    const old = (await readResults(file))?.playbooks ?? [];
    const replaced = new Set(fresh.map(key));
    const playbooks = [...old.filter((p) => !replaced.has(key(p))), ...fresh].sort(
      (a, b) => a.file.localeCompare(b.file) || a.etcdSeries.localeCompare(b.etcdSeries),
    );
    const out: ResultsFile = { schemaVersion: RESULTS_SCHEMA_VERSION, updatedAt: new Date().toISOString(), playbooks };
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(out, null, 1)}\n`);
    await rename(tmp, file);
  } finally {
    await rmdir(lock).catch(() => {});
  }
}

/** mkdir is atomic: whoever creates the dir holds the lock. A lock older than 30 s is stale. */
async function acquire(lock: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await mkdir(lock);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (Date.now() > deadline) {
        await rmdir(lock).catch(() => {});
        continue;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
