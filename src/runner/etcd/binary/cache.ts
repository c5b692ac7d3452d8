// The per-user binary cache, shared by every checkout: `<root>/etcd/<version>/{etcd,etcdctl,etcdutl}`.
// A version dir appears only by renaming a complete, verified dir into place, so a dir that exists
// is whole; nothing else in the cache is trusted.
import { constants } from "node:fs";
import { access, mkdir, readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PlaybookError } from "../../errors.ts";
import { compareVersionsDesc, parseVersion } from "./version.ts";
import type { EtcdVersion } from "../../context/types.ts";

/** `$ETCD_PLAYBOOKS_CACHE`, else `${XDG_CACHE_HOME:-~/.cache}/etcd-playbooks`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ETCD_PLAYBOOKS_CACHE) return path.resolve(env.ETCD_PLAYBOOKS_CACHE);
  const base = env.XDG_CACHE_HOME ? path.resolve(env.XDG_CACHE_HOME) : path.join(os.homedir(), ".cache");
  return path.join(base, "etcd-playbooks");
}

/** Where binaries of every version live inside a cache dir. */
export function binariesRoot(cacheDir: string): string {
  return path.join(cacheDir, "etcd");
}

export async function isExecutable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}

export interface CachedEtcd {
  dir: string;
  version: EtcdVersion;
}

/** The newest cached version of `series`, or undefined. */
export async function findCached(cacheDir: string, series: string): Promise<CachedEtcd | undefined> {
  const root = binariesRoot(cacheDir);
  const names = await readdir(root).catch(() => [] as string[]);
  const candidates = names
    .filter((n) => /^\d+\.\d+\.\d+$/.test(n))
    .map((n) => ({ dir: path.join(root, n), version: parseVersion(n)! }))
    .filter((c) => c.version.series === series)
    .sort((a, b) => compareVersionsDesc(a.version, b.version));
  for (const c of candidates) {
    const [etcd, etcdctl] = await Promise.all([isExecutable(path.join(c.dir, "etcd")), isExecutable(path.join(c.dir, "etcdctl"))]);
    if (etcd && etcdctl) return c;
  }
  return undefined;
}

/** Creates the cache's binaries dir, or throws CACHE_UNWRITABLE naming it. */
export async function ensureWritable(cacheDir: string): Promise<string> {
  const root = binariesRoot(cacheDir);
  try {
    await mkdir(root, { recursive: true });
    await access(root, constants.W_OK);
    return root;
  } catch (error) {
    throw new PlaybookError("CACHE_UNWRITABLE", `cannot write the etcd cache dir ${root}: ${(error as Error).message}`, {
      hint: "Make it writable, or point ETCD_PLAYBOOKS_CACHE at a writable dir (or ETCD_BIN at an etcd binary).",
      cause: error,
    });
  }
}
