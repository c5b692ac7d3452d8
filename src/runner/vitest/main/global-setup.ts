// Runs once per project (etcd series) in the main process, before any playbook: finds or
// downloads the etcd binaries outside every step's time limit, reaps what killed runs left
// behind, makes this run's directory, and hands all of it to the workers. Its teardown reaps the
// run directory, so members of a worker that died are stopped too.
import type { TestProject } from "vitest/node";
import { newRunDir, reapLeftovers, reapRunDir, resolveEtcd, SUPPORTED_SERIES } from "../../etcd/index.ts";
import { reapReservations } from "../../os/port-reservations.ts";
import { reapOwnRunsOnExit } from "../../etcd/runs/exit-guard.ts";
import { isPlaybookError } from "../../errors.ts";
import { ROOT } from "./projects.ts";
import { killLeftoverStepProcesses, killStepProcesses } from "../../etcd/runs/step-processes.ts";
import type { PlaybookSettings } from "../settings.ts";
import "./projects.ts";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const options = project.getProvidedContext().playbookOptions;
  // Interrupted, Vitest exits without the teardown below; members must not outlive it.
  reapOwnRunsOnExit();
  await killLeftoverStepProcesses().catch(() => {});
  await reapLeftovers().catch((error: unknown) => {
    process.stderr.write(`warning: could not look for leftovers of earlier runs: ${(error as Error).message}\n`);
  });
  // Against --endpoints the local etcdctl is a convenience for steps; the newest series serves.
  const series = options.series === "endpoints" ? SUPPORTED_SERIES[SUPPORTED_SERIES.length - 1]! : options.series;
  const binary = await resolveEtcd({
    series: series as (typeof SUPPORTED_SERIES)[number],
    onProgress: (line) => process.stderr.write(`${line}\n`),
  }).catch((error: unknown) => {
    // `npm run playbook` checks this before Vitest starts; under `npm test` Vitest prints it:
    // the paragraph alone, without a stack into Vitest's set-up code.
    if (!isPlaybookError(error)) throw error;
    const shown = new Error(`etcd ${series}: ${error.format()}`);
    shown.stack = shown.message;
    throw shown;
  });
  const runDir = await newRunDir();
  const settings: PlaybookSettings = {
    etcd: binary,
    series: binary.version.series,
    runDir,
    root: ROOT,
    ...(options.target ? { target: options.target } : {}),
    ...(options.until ? { until: options.until } : {}),
    ...(options.controlDir ? { controlDir: options.controlDir } : {}),
    keepData: options.keepData,
    defaultTimeoutMs: options.defaultTimeoutMs,
  };
  project.provide("playbooks", settings);
  return async () => {
    // A worker that died left its steps' scripts running; they go first, then the members.
    await killStepProcesses(runDir);
    await reapRunDir(runDir);
    // Workers are gone by now; port reservations a killed one could not release go with them.
    await reapReservations().catch(() => {});
  };
}
