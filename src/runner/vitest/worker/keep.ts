// `--until <step> --keep`: the worker leaves its cluster up after that step and waits. It cannot
// print past Vitest's reporter, so it writes what the reader needs into the control dir; the CLI
// prints it and, on Ctrl-C, writes the release file, after which the normal teardown runs.
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { KEPT_FILE, RELEASE_FILE, type WorkerSettings } from "../settings.ts";
import type { PlaybookModuleMeta } from "../../playbooks/index.ts";
import type { RunnableCluster } from "./open-cluster.ts";

export async function keepUntilReleased(cluster: RunnableCluster, file: string, settings: WorkerSettings): Promise<void> {
  const dir = settings.controlDir ?? settings.runDir;
  await writeFile(path.join(dir, KEPT_FILE), `${file}\n${cluster.describeForKeep()}\n`);
  // Polling a file is the one wait here with no end by design: the reader ends it with Ctrl-C.
  while (!existsSync(path.join(dir, RELEASE_FILE))) await new Promise((r) => setTimeout(r, 200));
}

/** The 0-based index of the `--until` step, given by name or 1-based number; undefined without one. */
export function resolveUntil(until: string | undefined, meta: PlaybookModuleMeta): number | undefined {
  if (!until) return undefined;
  const byName = meta.steps.findIndex((s) => s.name === until);
  if (byName >= 0) return byName;
  const n = Number(until);
  if (Number.isInteger(n) && n >= 1 && n <= meta.steps.length) return n - 1;
  return undefined;
}
