// Run dirs and everything that outlives a run if nobody stops it: ownership, reaping of dead
// runs' members and step scripts, and the exit guard for a main process that dies abruptly.
export { newRunDir, ownerIsDead, readOwner, runDirs, runDirsSync, writeOwner, OWNER_FILE, RUN_PREFIX } from "./run-dir.ts";
export { etcdProcessesIn, isEtcdInside, reapLeftovers, reapRunDir, reapRunsOf, stopEtcd, type ReapReport } from "./reaper.ts";
export { reapOwnRunsOnExit, reapOwnRunsSync } from "./exit-guard.ts";
export { HELPER_MARK, killHelperProcesses, killStepProcesses, STEP_MARK } from "./step-processes.ts";
export { claimScratchDir, reapDeadWorkers, releaseScratchDir, watchDeadWorkers } from "./dead-workers.ts";
