// The layer that owns real etcd for the playbook runner: find or provision the binaries, start
// members on loopback, drive their lifecycle, tear everything down, and reap leftovers.
// API summary and measurements: notes/etcd-layer.md.
export { SUPPORTED_SERIES, parseVersion, type EtcdSeries } from "./version.ts";
export { resolveEtcd, type EtcdBinary, type ResolveOptions } from "./resolve.ts";
export { defaultCacheDir } from "./cache.ts";
export { createCluster, ManagedCluster, type CreateClusterOptions } from "./cluster.ts";
export { ManagedMember } from "./member.ts";
export type { TeardownOptions, TeardownReport } from "./teardown.ts";
export { createEtcdctl, type EtcdctlConfig } from "./etcdctl.ts";
export { createClient, type ClientOptions } from "./client.ts";
export { runRoot, newRunDir } from "./rundir.ts";
export { reapLeftovers, reapRunDir, type ReapReport } from "./reaper.ts";
export { connectEndpoints, ExternalCluster, type ConnectOptions } from "./external.ts";
export { readOnlyClient } from "./readonly-client.ts";
