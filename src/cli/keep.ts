// `--until STEP --keep`, main-process side: prints what the worker wrote when it reached the
// step, then waits for Ctrl-C and releases the worker, whose teardown removes the cluster.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { KEPT_FILE, RELEASE_FILE } from "../runner/vitest/keep.ts";

export async function watchForKeep(): Promise<{ dir: string; stop: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "etcd-playbooks-keep-"));
  const kept = path.join(dir, KEPT_FILE);
  const release = () => writeFile(path.join(dir, RELEASE_FILE), "").catch(() => {});
  const onSignal = () => {
    process.stderr.write("\nStopping the cluster and removing its data…\n");
    void release();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const timer = setInterval(async () => {
    if (!existsSync(kept)) return;
    clearInterval(timer);
    const text = await readFile(kept, "utf8");
    process.stderr.write(`\nThe cluster is up as the step left it:\n${text}\nPress Ctrl-C to stop it and remove its data.\n`);
  }, 200);
  return {
    dir,
    stop: async () => {
      clearInterval(timer);
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
