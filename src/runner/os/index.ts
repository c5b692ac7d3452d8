// The OS layer: processes (run to completion, or long-lived), what /proc says about them, owner
// records, directory locks, free loopback ports and their reservations, the per-user root on
// tmpfs, and the tools taken from Debian. It knows nothing of etcd; the etcd layer stands on it.
export { runProcess, startProcess, signalPid, toolFailure, type LongProcess, type ProcessOptions, type ProcessResult } from "./process.ts";
export {
  allPids,
  allPidsSync,
  childPids,
  cmdline,
  cmdlineSync,
  environ,
  environSync,
  isAlive,
  mountsUnderSync,
  pidHoldingSocket,
  procStat,
  procStatSync,
  procState,
  threadStates,
  startedAtMs,
  tcpSocketInode,
  waitGone,
  type ProcStat,
} from "./proc.ts";
export { ownRecord, ownerGone, readOwnerFile, writeOwnerFile, type Owner } from "./owner-file.ts";
export { LockTimeoutError, withDirLock, type LockOptions } from "./dir-lock.ts";
export { freePort, freePorts } from "./ports.ts";
export { releasePorts, reapReservations, reservePort } from "./port-reservations.ts";
export { runRoot } from "./scratch-root.ts";
export { within } from "./within.ts";
export { DebianToolError, ensureDebianTool, findTool, type DebianTool } from "./debian-package.ts";
