// The layer that owns real etcd for the playbook runner: find or provision the binaries, start
// members on loopback, drive their lifecycle, tear everything down, and reap leftovers.
// API summary and measurements: notes/etcd-layer.md.
export { SUPPORTED_SERIES, parseVersion, type EtcdSeries } from "./binary/version.ts";
export { resolveEtcd, type EtcdBinary, type ResolveOptions } from "./binary/resolve.ts";
export { defaultCacheDir } from "./binary/cache.ts";
export { createCluster, ManagedCluster, type CreateClusterOptions } from "./cluster/cluster.ts";
export { ManagedMember } from "./member/member.ts";
export type { TeardownOptions, TeardownReport } from "./cluster/teardown.ts";
export { createEtcdctl, type EtcdctlConfig } from "./clients/etcdctl.ts";
export { createClient, type ClientOptions } from "./clients/etcd3.ts";
export { runRoot, newRunDir } from "./runs/run-dir.ts";
export { reapLeftovers, reapRunDir, type ReapReport } from "./runs/reaper.ts";
export { connectEndpoints, ExternalCluster, type ConnectOptions } from "./external/cluster.ts";
export { readOnlyClient } from "./clients/readonly-client.ts";
