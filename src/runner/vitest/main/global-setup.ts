// Runs once per project (etcd series) in the main process, before any playbook: reaps what killed
// runs left behind, makes this run's directory, and completes the settings the CLI handed over —
// resolving the binaries only when nobody did yet (`npm test` has no CLI), outside every step's
// time limit. While the run goes on, it stops what a worker that died left; its teardown reaps
// the run directory.
import type { TestProject } from "vitest/node";
import { NEWEST_SERIES } from "../../../schema/series.ts";
import { isPlaybookError } from "../../errors/index.ts";
import { defaultCacheDir, newRunDir, provideTracer, reapLeftovers, reapOwnRunsOnExit, reapRunDir, resolveEtcd, watchDeadWorkers, type EtcdBinary } from "../../etcd/index.ts";
import { reapReservations } from "../../os/index.ts";

async function binaryFor(series: string, exact?: string): Promise<EtcdBinary> {
  try {
    return await resolveEtcd({ series, ...(exact ? { exact } : {}), onProgress: (line) => process.stderr.write(`${line}\n`) });
  } catch (error) {
    // `npm run playbook` resolves before Vitest starts; under `npm test` Vitest prints this: the
    // paragraph alone, without a stack into Vitest's set-up code.
    if (!isPlaybookError(error)) throw error;
    const shown = new Error(`etcd ${series}: ${error.format()}`);
    shown.stack = shown.message;
    throw shown;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const settings = project.getProvidedContext().playbooks;
  // Interrupted, Vitest exits without the teardown below; members must not outlive it.
  reapOwnRunsOnExit();
  await reapLeftovers().catch((error: unknown) => {
    process.stderr.write(`warning: could not look for leftovers of earlier runs: ${(error as Error).message}\n`);
  });
  // Against --endpoints the local etcdctl is a convenience for steps; the newest series serves.
  const etcd = settings.etcd ?? (await binaryFor(settings.target ? NEWEST_SERIES : settings.series, settings.exact));
  const others = { ...settings.others };
  for (const series of settings.otherSeries ?? []) others[series] ??= await binaryFor(series);
  // Disk faults need Debian's strace; a fresh machine gets it here, outside every step's time limit.
  await provideTracer((line) => process.stderr.write(`${line}\n`));
  const runDir = await newRunDir();
  // A worker that dies mid-playbook leaves its members running: stopped within a second, not at the run's end.
  const stopWatching = watchDeadWorkers(runDir);
  const cacheDir = settings.cacheDir ?? defaultCacheDir();
  project.provide("playbooks", { ...settings, etcd, others, runDir, cacheDir, ...(settings.target ? {} : { series: etcd.version.series }) });
  return async () => {
    await stopWatching();
    // A worker that died left its steps' scripts and members running; the reap stops both.
    await reapRunDir(runDir);
    // Workers are gone by now; port reservations a killed one could not release go with them.
    await reapReservations().catch(() => {});
  };
}
