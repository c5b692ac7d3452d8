// Finds the etcd binaries of a version by trying the sources in order (sources/index.ts): first
// those that look on this machine, then, under the series' lock, those that install into the
// cache. Every miss is kept, so that ETCD_NOT_FOUND names the version and what each source said.
import path from "node:path";
import { RUNNABLE_SERIES } from "../../../schema/series.ts";
import { PlaybookError } from "../../errors/index.ts";
import { LockTimeoutError, withDirLock } from "../../os/index.ts";
import { defaultCacheDir, ensureWritable } from "./cache.ts";
import { clearStaging, installIntoCache } from "./install.ts";
import { knownReleases } from "./known-versions.ts";
import { InstallError, isMiss, type BinarySource, type EtcdBinary, type InstallingSource, type SourceContext, type WantedEtcd } from "./source.ts";
import { cache, SOURCES } from "./sources/index.ts";

export interface ResolveOptions extends WantedEtcd {
  /** The cache root; default `$ETCD_PLAYBOOKS_CACHE` or `${XDG_CACHE_HOME:-~/.cache}/etcd-playbooks`. */
  cacheDir?: string;
  onProgress?: (line: string) => void;
  /** Bound on an install, lock wait included. Default 30 min: a first build from Go modules takes minutes. */
  timeoutMs?: number;
  /** Environment to read ETCD_BIN, PATH and the sources' settings from. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** The chain to try; default every source, in order. */
  sources?: readonly BinarySource[];
}

const wantedText = (want: WantedEtcd) => want.exact ?? `${want.series} (its newest patch release)`;

export async function resolveEtcd(options: ResolveOptions): Promise<EtcdBinary> {
  const want: WantedEtcd = { series: options.series, ...(options.exact ? { exact: options.exact } : {}) };
  if (!RUNNABLE_SERIES.includes(want.series)) {
    throw new PlaybookError("ETCD_NOT_FOUND", `etcd ${want.series} is not a series the runner runs (${RUNNABLE_SERIES.join(", ")})`);
  }
  const env = options.env ?? process.env;
  const timeoutMs = options.timeoutMs ?? 30 * 60_000;
  const sources = options.sources ?? SOURCES;
  const base = {
    env,
    cacheDir: options.cacheDir ?? defaultCacheDir(env),
    signal: AbortSignal.timeout(timeoutMs),
    onProgress: options.onProgress ?? (() => {}),
  };
  const lister = sources.find((s): s is InstallingSource => s.kind === "install" && s.listReleases !== undefined);
  const ctx: SourceContext = { ...base, releases: knownReleases(base, lister?.listReleases?.bind(lister)) };
  const answers: string[] = [];
  for (const source of sources) {
    if (source.kind !== "find") continue;
    const found = await source.find(want, ctx);
    if (!isMiss(found)) return found;
    answers.push(`${source.name}: ${found.miss}`);
  }
  const installers = sources.filter((s): s is InstallingSource => s.kind === "install");
  if (installers.length > 0) {
    const root = await ensureWritable(ctx.cacheDir);
    const lock = path.join(root, `.lock-${want.series}`);
    const onWait = (owner: string) => ctx.onProgress(`etcd ${want.series}: another run (${owner}) is installing it; waiting…`);
    try {
      const got = await withDirLock(lock, { timeoutMs, onWait }, () => installFirst(installers, want, root, ctx, answers));
      if (got) return got;
    } catch (error) {
      if (!(error instanceof LockTimeoutError)) throw error;
      answers.push(`cache lock: ${error.message}`);
    }
  }
  throw new PlaybookError("ETCD_NOT_FOUND", `no source could provide etcd ${wantedText(want)}`, {
    details: answers.join("\n"),
    hint: `Set ETCD_BIN to an etcd ${want.exact ?? want.series} binary (etcdctl beside it), point ETCD_PLAYBOOKS_RELEASES_URL at a mirror of etcd's releases, or give the runner what a source above lacks.`,
  });
}

/** Under the series' lock: whoever held it before may have installed it; else the first source whose plan succeeds installs. */
async function installFirst(installers: InstallingSource[], want: WantedEtcd, root: string, ctx: SourceContext, answers: string[]): Promise<EtcdBinary | undefined> {
  const now = await cache.find(want, ctx);
  if (!isMiss(now)) return now;
  await clearStaging(root, want.series);
  for (const source of installers) {
    const plan = await source.plan(want, ctx).catch((error: unknown) => failed(source, want, error, answers));
    if (isMiss(plan)) {
      answers.push(`${source.name}: ${plan.miss}`);
      continue;
    }
    // A source may plan a version the cache has (Debian's 3.5.16 when the newest is unknown).
    const cached = await cache.find({ series: want.series, exact: plan.version }, ctx);
    if (!isMiss(cached)) return cached;
    ctx.onProgress(`etcd ${want.exact ?? want.series}: not in ETCD_BIN, the cache or PATH; installing ${plan.version} (${source.name})`);
    return installIntoCache(source, plan.version, want.series, root, ctx).catch((error: unknown) => failed(source, want, error, answers));
  }
  return undefined;
}

/** An install that went wrong after it began: one clear error, with what the other sources said. */
function failed(source: BinarySource, want: WantedEtcd, error: unknown, answers: string[]): never {
  if (error instanceof PlaybookError) throw error;
  const code = error instanceof InstallError ? error.code : "ETCD_DOWNLOAD_FAILED";
  const evidence = error instanceof InstallError && error.details ? `${error.details}\n` : "";
  throw new PlaybookError(code, `${source.name} could not provide etcd ${wantedText(want)}: ${(error as Error).message}`, {
    details: `${evidence}${answers.length ? `before it:\n${answers.join("\n")}` : ""}`.trim() || undefined,
    hint: code === "ETCD_BUILD_FAILED" ? "Fix the build environment, or set ETCD_BIN to an etcd binary you trust." : "Retry; if it persists, set ETCD_BIN to an etcd binary you trust.",
    cause: error,
  });
}
