// What the binary tests give resolveEtcd: the machine's environment without a user's etcd
// settings, and the real chain of sources with the go source blind to any Go toolchain — a
// machine without Go, which a machine with Go cannot otherwise play (/usr/local/go stays put).
import { accessSync, constants } from "node:fs";
import path from "node:path";
import { SOURCES } from "../../../../src/runner/etcd/binary/sources/index.ts";
import { goModulesSource } from "../../../../src/runner/etcd/binary/sources/go-modules/index.ts";

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

/** The real chain, but its go source finds no Go toolchain unless one is on the env's PATH. */
export const WITHOUT_GO = SOURCES.map((s) => (s.name === "go" ? goModulesSource({ wellKnown: [] }) : s));
