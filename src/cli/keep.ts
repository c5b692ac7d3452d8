// `--until STEP --keep`, main-process side: prints what the worker wrote when it reached the
// step; `release()` (called on Ctrl-C by ./signals.ts) lets the worker's teardown remove it.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { KEPT_FILE, RELEASE_FILE } from "../runner/vitest/index.ts";

export interface KeepWatch {
  dir: string;
  /** Releases the kept cluster; false when nothing is kept (yet), so the signal means "stop the run". */
  release: () => boolean;
  stop: () => Promise<void>;
}

export async function watchForKeep(): Promise<KeepWatch> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "etcd-playbooks-keep-"));
  const kept = path.join(dir, KEPT_FILE);
  let shown = false;
  const timer = setInterval(async () => {
    if (shown || !existsSync(kept)) return;
    shown = true;
    const text = await readFile(kept, "utf8");
    process.stderr.write(`\nThe cluster is up as the step left it:\n${text}\nPress Ctrl-C to stop it and remove its data.\n`);
  }, 200);
  return {
    dir,
    release: () => {
      if (!shown) return false;
      writeFileSync(path.join(dir, RELEASE_FILE), "");
      return true;
    },
    stop: async () => {
      clearInterval(timer);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
