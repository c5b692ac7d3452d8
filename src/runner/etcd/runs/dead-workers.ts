// A worker that dies mid-playbook (SIGKILL, SIGTERM, out of memory, or stopped by its step
// watchdog) cannot tear its playbook down: its members and step scripts run on, reparented. The
// run dir's reaper gets them when the run ends, but a long run (or watch mode) would keep them for
// minutes. So beside each playbook's scratch dir (<run dir>/tmp/<playbook>) lies the owner record
// of the worker running it (<playbook>.owner — beside, not inside: the scratch dir is the steps'
// own, and a step that lists it must see only what it wrote), and the main process looks every
// second for scratch dirs whose worker is gone.
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { ownerGone, procStat, readOwnerFile, writeOwnerFile } from "../../os/index.ts";
import { etcdProcessesIn, stopEtcd, type ReapReport } from "./reaper.ts";
import { killStepProcesses } from "./step-processes.ts";

/** Marks a playbook's scratch dir as this worker's; the worker removes it after its teardown. */
export function claimScratchDir(dir: string): void {
  writeOwnerFile(`${dir}${OWNER_SUFFIX}`);
}

const OWNER_SUFFIX = ".owner";

/** Removes a playbook's scratch dir and its owner record, after its teardown. */
export async function releaseScratchDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await rm(`${dir}${OWNER_SUFFIX}`, { force: true });
}

/**
 * Stops what the dead workers of `runDir` left: the step scripts marked with their scratch dirs,
 * and the run dir's etcd processes whose parent is no longer a worker of this process (a dead
 * worker's members are reparented). Their scratch dirs are removed. Runs in the main process.
 */
export async function reapDeadWorkers(runDir: string): Promise<ReapReport> {
  const report: ReapReport = { killed: [], removed: [], errors: [] };
  const base = path.join(runDir, "tmp");
  const dead: string[] = [];
  for (const name of await readdir(base).catch(() => [] as string[])) {
    if (!name.endsWith(OWNER_SUFFIX)) continue;
    const owner = readOwnerFile(path.join(base, name));
    if (owner && (await ownerGone(owner))) dead.push(path.join(base, name.slice(0, -OWNER_SUFFIX.length)));
  }
  if (dead.length === 0) return report;
  for (const dir of dead) report.killed.push(...(await killStepProcesses(dir)));
  const orphans: number[] = [];
  for (const pid of await etcdProcessesIn(runDir)) {
    const parent = (await procStat(pid))?.ppid;
    const grandparent = parent === undefined ? undefined : (await procStat(parent))?.ppid;
    if (grandparent !== process.pid) orphans.push(pid);
  }
  await stopEtcd(orphans, report);
  for (const dir of dead) {
    await rm(`${dir}${OWNER_SUFFIX}`, { force: true });
    await rm(dir, { recursive: true, force: true }).then(
      () => report.removed.push(dir),
      (error: Error) => report.errors.push(`removing ${dir}: ${error.message}`),
    );
  }
  return report;
}

/** Calls reapDeadWorkers every `everyMs` until the returned function stops it (and waits for a pass under way). */
export function watchDeadWorkers(runDir: string, everyMs = 1_000): () => Promise<void> {
  let pass: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    pass = pass.then(() => reapDeadWorkers(runDir)).catch(() => undefined);
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await pass;
  };
}
