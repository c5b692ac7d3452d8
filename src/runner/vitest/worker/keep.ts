// `--until <step> --keep`: the worker leaves its cluster up after that step and waits. It cannot
// print past Vitest's reporter, so it writes what the reader needs into the run dir; the CLI
// prints it and, on Ctrl-C, writes the release file, after which the normal teardown runs.
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { RunnableCluster } from "../../context/create.ts";
import type { PlaybookSettings } from "../settings.ts";

export const KEPT_FILE = "kept.txt";
export const RELEASE_FILE = "release";

export async function keepUntilReleased(cluster: RunnableCluster, file: string, settings: PlaybookSettings): Promise<void> {
  await writeFile(path.join(settings.controlDir ?? settings.runDir, KEPT_FILE), `${file}\n${cluster.describeForKeep()}\n`);
  const release = path.join(settings.controlDir ?? settings.runDir, RELEASE_FILE);
  // Polling a file is the one wait here with no end by design: the reader ends it with Ctrl-C.
  while (!existsSync(release)) await new Promise((r) => setTimeout(r, 200));
}
