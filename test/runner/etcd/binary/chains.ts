// The environments the binary tests give resolveEtcd: this machine's, without a user's etcd
// settings; and a machine without Go, as the runner tells one: no go on PATH, and GOROOT naming a
// dir with no go in it (with GOROOT set, the runner looks nowhere else, as Go itself would).
import { accessSync, constants } from "node:fs";
import path from "node:path";

const hasEtcd = (dir: string) => {
  try {
    accessSync(path.join(dir, "etcd"), constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * This machine's environment — HOME, its Go settings, its proxies — minus what would let the
 * runner find an etcd without the source under test: ETCD_BIN, a releases mirror, etcd on PATH.
 */
export function machineEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { ETCD_BIN: _bin, ETCD_PLAYBOOKS_RELEASES_URL: _mirror, ETCD_PLAYBOOKS_CACHE: _cache, ...env } = process.env;
  const dirs = (env.PATH ?? "").split(path.delimiter).filter((d) => d && !hasEtcd(d));
  return { ...env, PATH: dirs.join(path.delimiter), ...extra };
}

/** No etcd (no ETCD_BIN, a PATH without it) and no Go. */
export const BARE = { PATH: "/usr/bin:/bin", GOROOT: "/nonexistent/goroot" };

/** What the go source answers on such a machine. */
export const NO_GO =
  "no Go toolchain (go is not on PATH or at /nonexistent/goroot/bin/go); install Go to build etcd from its modules, or set ETCD_BIN to an etcd binary, or ETCD_PLAYBOOKS_RELEASES_URL to a mirror of etcd's releases";
