// Finds the etcd binaries of a series: ETCD_BIN, then the per-user cache, then PATH, then a
// download from Debian. Every miss is remembered so that ETCD_NOT_FOUND can say what was tried.
import path from "node:path";
import { PlaybookError } from "../../errors.ts";
import type { EtcdVersion } from "../../context/types.ts";
import { defaultCacheDir, ensureWritable, findCached, isExecutable, binariesRoot } from "./cache.ts";
import { LockTimeoutError, withDirLock } from "../../os/dir-lock.ts";
import { NetworkError } from "./fetch-file.ts";
import { provisionFromDebian } from "./sources/debian/install.ts";
import { SUPPORTED_SERIES, probeVersion, type EtcdSeries } from "./version.ts";

/** The binaries a run uses. `etcdctl` and `etcdutl` sit beside `etcd` except when found on PATH. */
export interface EtcdBinary {
  etcd: string;
  etcdctl: string;
  /** Absent in 3.4, whose etcdctl still holds the offline commands. */
  etcdutl?: string;
  version: EtcdVersion;
  source: "env" | "cache" | "path" | "download";
}

export interface ResolveOptions {
  series: EtcdSeries;
  /** The cache root; default `$ETCD_PLAYBOOKS_CACHE` or `${XDG_CACHE_HOME:-~/.cache}/etcd-playbooks`. */
  cacheDir?: string;
  onProgress?: (line: string) => void;
  /** Bound on the whole download, lock wait included. Default 180 s. */
  timeoutMs?: number;
  /** Debian mirror; default `$ETCD_PLAYBOOKS_DEBIAN_MIRROR` or deb.debian.org. */
  mirror?: string;
  /** Environment to read ETCD_BIN and PATH from (tests). Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

async function fromDir(dir: string, source: EtcdBinary["source"], version: EtcdVersion): Promise<EtcdBinary> {
  const etcdutl = path.join(dir, "etcdutl");
  return { etcd: path.join(dir, "etcd"), etcdctl: path.join(dir, "etcdctl"), ...((await isExecutable(etcdutl)) ? { etcdutl } : {}), version, source };
}

async function fromEnvBin(bin: string, series: string): Promise<EtcdBinary> {
  const etcd = path.resolve(bin);
  if (!(await isExecutable(etcd))) throw new PlaybookError("ETCD_NOT_FOUND", `ETCD_BIN=${bin} is not an executable file`, { hint: "Point ETCD_BIN at an etcd binary, or unset it to use the cache or a download." });
  const dir = path.dirname(etcd);
  if (!(await isExecutable(path.join(dir, "etcdctl")))) throw new PlaybookError("ETCD_NOT_FOUND", `ETCD_BIN=${bin}: no etcdctl beside it in ${dir}`, { hint: "Put etcdctl (and etcdutl for 3.5) in the same directory as etcd." });
  const probe = await probeVersion(etcd);
  if (!probe.version) throw new PlaybookError("ETCD_NOT_FOUND", `ETCD_BIN=${bin}: \`etcd --version\` failed: ${probe.error ?? probe.output}`);
  if (probe.version.series !== series) {
    throw new PlaybookError("ETCD_VERSION_MISMATCH", `ETCD_BIN=${bin} is etcd ${probe.version.version}, but this run wants ${series}.x`, {
      details: `$ ${etcd} --version\n${probe.output}`,
      hint: `Point ETCD_BIN at an etcd ${series} binary, or unset it and let the runner provision one.`,
    });
  }
  return { ...(await fromDir(dir, "env", probe.version)), etcd };
}

async function fromPath(series: string, env: NodeJS.ProcessEnv, tried: string[]): Promise<EtcdBinary | undefined> {
  const dirs = (env.PATH ?? "").split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const etcd = path.join(dir, "etcd");
    if (!(await isExecutable(etcd))) continue;
    const probe = await probeVersion(etcd);
    if (probe.version?.series !== series) {
      tried.push(`PATH: ${etcd} is ${probe.version?.version ?? `unusable (${probe.error ?? probe.output})`}`);
      continue;
    }
    const etcdctl = (await isExecutable(path.join(dir, "etcdctl"))) ? path.join(dir, "etcdctl") : await which("etcdctl", dirs);
    if (!etcdctl) {
      tried.push(`PATH: ${etcd} is ${probe.version.version} but no etcdctl was found`);
      continue;
    }
    const etcdutl = (await isExecutable(path.join(dir, "etcdutl"))) ? path.join(dir, "etcdutl") : undefined;
    return { etcd, etcdctl, ...(etcdutl ? { etcdutl } : {}), version: probe.version, source: "path" };
  }
  if (!tried.some((t) => t.startsWith("PATH"))) tried.push("PATH: no etcd");
  return undefined;
}

async function which(name: string, dirs: string[]): Promise<string | undefined> {
  for (const dir of dirs) if (await isExecutable(path.join(dir, name))) return path.join(dir, name);
  return undefined;
}

export async function resolveEtcd(options: ResolveOptions): Promise<EtcdBinary> {
  const { series } = options;
  if (!(SUPPORTED_SERIES as readonly string[]).includes(series)) {
    throw new PlaybookError("ETCD_NOT_FOUND", `etcd ${series} is not a supported series (${SUPPORTED_SERIES.join(", ")})`);
  }
  const env = options.env ?? process.env;
  if (env.ETCD_BIN) return fromEnvBin(env.ETCD_BIN, series);
  const tried = ["ETCD_BIN: not set"];
  const cacheDir = options.cacheDir ?? defaultCacheDir(env);
  const cached = await findCached(cacheDir, series);
  if (cached) return fromDir(cached.dir, "cache", cached.version);
  tried.push(`cache: no ${series}.x in ${binariesRoot(cacheDir)}`);
  const onPath = await fromPath(series, env, tried);
  if (onPath) return onPath;

  const root = await ensureWritable(cacheDir);
  const timeoutMs = options.timeoutMs ?? 180_000;
  const signal = AbortSignal.timeout(timeoutMs);
  const mirror = options.mirror ?? env.ETCD_PLAYBOOKS_DEBIAN_MIRROR;
  try {
    const lock = path.join(root, `.lock-${series}`);
    const onWait = (owner: string) => options.onProgress?.(`etcd ${series}: another run (${owner}) is downloading it; waiting…`);
    return await withDirLock(lock, { timeoutMs, onWait }, async () => {
      // Whoever held the lock before us may have installed it.
      const now = await findCached(cacheDir, series);
      if (now) return fromDir(now.dir, "cache", now.version);
      options.onProgress?.(`etcd ${series}: not in ETCD_BIN, the cache or PATH; downloading it from Debian`);
      const got = await provisionFromDebian({ series, root, signal, ...(mirror ? { mirror } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
      return fromDir(got.dir, "download", got.version);
    });
  } catch (error) {
    if (error instanceof PlaybookError) throw error;
    if (error instanceof NetworkError || error instanceof LockTimeoutError) {
      tried.push(`download: ${(error as Error).message}`);
      throw new PlaybookError("ETCD_NOT_FOUND", `no etcd ${series} binary found, and none could be downloaded`, {
        details: tried.join("\n"),
        hint: `Set ETCD_BIN to an etcd ${series} binary (etcdctl beside it), or allow access to the Debian archive.`,
        cause: error,
      });
    }
    throw new PlaybookError("ETCD_DOWNLOAD_FAILED", `downloading etcd ${series} from Debian failed: ${(error as Error).message}`, {
      details: tried.join("\n"),
      hint: "Retry; if it persists, set ETCD_BIN to an etcd binary you trust.",
      cause: error,
    });
  }
}
