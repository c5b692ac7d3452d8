// One etcd member the runner starts: its process, flags, log, readiness, data dir and faults.
export { ManagedMember, type MemberInit } from "./member.ts";
export type { LaunchTls, ServedTls } from "./launch.ts";
export type { ClientTls } from "./faults.ts";
export { fastElectionFlags, mergeFlags, renderFlags } from "./flags.ts";
export { LogBuffer } from "./log.ts";
export { explainExit, quotable, type FatalLine } from "./fatal-lines.ts";
export { SERVING_LINE } from "./readiness.ts";
export type { Member, MemberLog, RestartOptions, StartOptions, WaitForLogOptions } from "./types.ts";
