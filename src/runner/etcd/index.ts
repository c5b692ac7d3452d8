// The layer that owns real etcd for the playbook runner: find or provision the binaries, start
// members on loopback, drive their lifecycle, tear everything down, and reap leftovers.
export { SUPPORTED_SERIES, parseVersion, type EtcdSeries } from "./version.ts";
export { resolveEtcd, type EtcdBinary, type ResolveOptions } from "./resolve.ts";
export { defaultCacheDir } from "./cache.ts";
