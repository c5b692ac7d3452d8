// The release a series means, without installing anything: `npm run check` builds go steps against
// the version a run of that series would use. Same answer as the chain's (known-versions.ts):
// upstream's list kept for a day, or the cache when the list cannot be read.
import { defaultCacheDir } from "./cache.ts";
import { knownReleases } from "./known-versions.ts";
import { SOURCES } from "./sources/index.ts";
import type { InstallingSource } from "./source.ts";

/** e.g. `3.6.16` for `3.6`; undefined when neither the list nor the cache knows a release of it. */
export async function newestRelease(series: string, options: { env?: NodeJS.ProcessEnv; cacheDir?: string; onProgress?: (line: string) => void } = {}): Promise<string | undefined> {
  const env = options.env ?? process.env;
  const base = { env, cacheDir: options.cacheDir ?? defaultCacheDir(env), signal: AbortSignal.timeout(120_000), onProgress: options.onProgress ?? (() => {}) };
  const lister = SOURCES.find((s): s is InstallingSource => s.kind === "install" && s.listReleases !== undefined);
  return knownReleases(base, lister?.listReleases?.bind(lister)).newest(series);
}
