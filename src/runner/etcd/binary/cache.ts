// The per-user binary cache, shared by every checkout: `<root>/etcd/<version>/{etcd,etcdctl,etcdutl,source.json}`.
// A version dir appears only by renaming a complete, verified dir into place (install.ts), so a
// dir that exists is whole; nothing else in the cache is trusted.
import { constants } from "node:fs";
import { access, mkdir, readdir, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PlaybookError } from "../../errors/index.ts";
import type { EtcdVersion } from "../../types.ts";
import type { EtcdBinary, Provenance } from "./source.ts";
import { compareVersionsDesc, parseVersion } from "./version.ts";

export const PROVENANCE_FILE = "source.json";

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

/** The binaries in `dir` (etcdutl when present), as a source answers them. */
export async function binariesIn(dir: string, version: EtcdVersion, source: EtcdBinary["source"], provenance: Provenance): Promise<EtcdBinary> {
  const etcdutl = path.join(dir, "etcdutl");
  return {
    etcd: path.join(dir, "etcd"),
    etcdctl: path.join(dir, "etcdctl"),
    ...((await isExecutable(etcdutl)) ? { etcdutl } : {}),
    version,
    source,
    provenance,
  };
}

/** What source.json in a cached version dir says; a dir from before provenance was recorded says so. */
export async function readProvenance(dir: string): Promise<Provenance> {
  try {
    const recorded = JSON.parse(await readFile(path.join(dir, PROVENANCE_FILE), "utf8")) as Partial<Provenance>;
    if (typeof recorded.source === "string" && typeof recorded.from === "string") return recorded as Provenance;
    // Debian installs of earlier versions of the runner wrote `from` and `packages` only.
    if (typeof recorded.from === "string") return { source: "debian", from: recorded.from, ...(recorded.installedAt ? { installedAt: recorded.installedAt } : {}) };
  } catch {
    /* no record */
  }
  return { source: "cache", from: `a cache dir without a provenance record (${dir})` };
}

/** The complete version dirs of `series` in the cache (etcd and etcdctl executable), newest first. */
export async function cachedVersions(cacheDir: string, series: string): Promise<{ dir: string; version: EtcdVersion }[]> {
  const root = binariesRoot(cacheDir);
  const names = await readdir(root).catch(() => [] as string[]);
  const candidates = names
    .filter((n) => /^\d+\.\d+\.\d+$/.test(n))
    .map((n) => ({ dir: path.join(root, n), version: parseVersion(n)! }))
    .filter((c) => c.version.series === series)
    .sort((a, b) => compareVersionsDesc(a.version, b.version));
  const complete = await Promise.all(candidates.map(async (c) => (await isExecutable(path.join(c.dir, "etcd"))) && (await isExecutable(path.join(c.dir, "etcdctl")))));
  return candidates.filter((_, i) => complete[i]);
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
