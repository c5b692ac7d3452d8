// The layer that owns real etcd for the playbook runner: find or provision the binaries, start
// members on loopback, drive their lifecycle, inject faults, tear everything down, and reap leftovers;
// and build the Go programs of go steps against etcd's modules. Each part is a sub-folder with one
// entry file; code outside the layer imports this file only.
export { defaultCacheDir, newestRelease, parseVersion, probeVersion, resolveEtcd, type EtcdBinary, type Provenance, type ResolveOptions, type SourceName, type WantedEtcd } from "./binary/index.ts";
export { createCluster, ManagedCluster, SNAPSHOT_BOUNDS, type AddMemberOptions, type ClientChoice, type Cluster, type CreateClusterOptions, type TeardownOptions, type TeardownReport } from "./cluster/index.ts";
export { ManagedMember, type Member, type MemberLog, type RestartOptions, type StartOptions, type WaitForLogOptions } from "./member/index.ts";
export { createClient, createEtcdctl, readOnlyClient, type ClientOptions, type Etcdctl, type EtcdctlConfig } from "./clients/index.ts";
export { connectEndpoints, ExternalCluster, type ConnectOptions } from "./external/index.ts";
export { provideTracer } from "./faults/index.ts";
export type { Authority, Certificate, CertificateOptions, ClusterTls, DiskFaults, MemberTls, NetworkConditions, StallOptions, SyscallFault } from "./faults/index.ts";
export { claimScratchDir, releaseScratchDir, HELPER_MARK, killHelperProcesses, killStepProcesses, newRunDir, readOwner, reapLeftovers, reapOwnRunsOnExit, reapRunDir, reapRunsOf, runDirsSync, STEP_MARK, watchDeadWorkers, type ReapReport } from "./runs/index.ts";
export { BackgroundProgram, buildEtcdProgram, etcdModuleDir, forgetToolchains, PROGRAM_BUILD_LIMIT_MS, type EtcdProgramOptions, type Program, type ProgramState } from "./programs/index.ts";
