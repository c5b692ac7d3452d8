// Where etcd binaries come from: a chain of sources (ETCD_BIN, the cache, PATH, installers into
// the shared cache), the cache itself, and what a binary's version is.
export { resolveEtcd, type ResolveOptions } from "./resolve.ts";
export { defaultCacheDir } from "./cache.ts";
export { newestRelease } from "./newest.ts";
export { compareVersionsDesc, parseVersion, probeVersion } from "./version.ts";
export type { EtcdBinary, Provenance, SourceName, WantedEtcd } from "./source.ts";
