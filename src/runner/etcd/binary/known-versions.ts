// What "the newest patch release of a series" is on this machine. `--etcd-version 3.6` must mean
// the newest 3.6.x everywhere, not whichever 3.6.x this cache happened to get first: with only the
// cache to go by, a machine holding Debian's 3.5.16 would never build 3.5.35. So upstream's list
// of releases (the Go module proxy's, read by the chain's go source) is kept in
// `<cache>/etcd-versions.json` and read again at most once a day — most runs ask no network — and
// the newest known release is the newest in that list or in the cache. Without Go, or offline,
// the last list kept (or, with none, the cache alone) answers, and a progress line says that the
// answer may be behind. Series without Go modules (3.4) are not in the list: the cache answers.
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { seriesInfo } from "../../../schema/series.ts";
import { cachedVersions } from "./cache.ts";
import { isMiss, type InstallingSource, type KnownReleases, type Miss, type ReleaseList, type SourceContext } from "./source.ts";
import { compareVersionsDesc, parseVersion } from "./version.ts";

export const RELEASES_FILE = "etcd-versions.json";
/** Releases come every few weeks; a day-old list is recent enough and keeps most runs offline. */
const MAX_AGE_MS = 24 * 60 * 60_000;
/** A list read this recently is not read again even when a caller wants a fresh one. */
const JUST_READ_MS = 60_000;

/** Lists being read, by file: the series of one run, resolved side by side, ask upstream once. */
const reading = new Map<string, Promise<ReleaseList | Miss>>();

async function readKept(file: string): Promise<ReleaseList | undefined> {
  try {
    const kept = JSON.parse(await readFile(file, "utf8")) as Partial<ReleaseList>;
    const ok = Array.isArray(kept.versions) && typeof kept.from === "string" && typeof kept.checkedAt === "string" && !Number.isNaN(Date.parse(kept.checkedAt));
    return ok ? { versions: kept.versions!.filter((v) => typeof v === "string"), from: kept.from!, checkedAt: kept.checkedAt! } : undefined;
  } catch {
    return undefined; // none yet, or damaged: read upstream's again
  }
}

/** Written beside and renamed: a reader sees the old list or the new one, never half of one. */
async function keep(file: string, list: ReleaseList): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(list, null, 2)}\n`);
  await rename(temp, file);
}

type Lister = NonNullable<InstallingSource["listReleases"]>;

/** The releases known to one resolve: `lister` reads upstream's list (undefined: the cache alone). */
export function knownReleases(ctx: Omit<SourceContext, "releases">, lister: Lister | undefined): KnownReleases {
  const file = path.join(ctx.cacheDir, RELEASES_FILE);
  const told = new Set<string>();

  async function readUpstream(): Promise<ReleaseList | Miss> {
    const got = await lister!(ctx).catch((error: unknown) => ({ miss: (error as Error).message }));
    if (isMiss(got)) return got;
    const list = { ...got, checkedAt: new Date().toISOString() };
    // An unwritable cache still gets the list for this run; CACHE_UNWRITABLE comes from installing.
    await keep(file, list).catch(() => undefined);
    return list;
  }

  async function read(fresh: boolean): Promise<ReleaseList | Miss> {
    const kept = await readKept(file);
    if (kept && Date.now() - Date.parse(kept.checkedAt) < (fresh ? JUST_READ_MS : MAX_AGE_MS)) return kept;
    if (!lister) return kept ?? { miss: "no source in the chain reads etcd's list of releases" };
    let pending = reading.get(file);
    if (!pending) {
      pending = readUpstream().finally(() => reading.delete(file));
      reading.set(file, pending);
    }
    const got = await pending;
    if (!isMiss(got)) return got;
    return kept ? { ...kept, behind: got.miss } : got;
  }

  // Every source of one resolve asks; each question is answered once.
  let answer: Promise<ReleaseList | Miss> | undefined;
  let askedFresh = false;
  function list({ fresh = false } = {}): Promise<ReleaseList | Miss> {
    if (fresh && !askedFresh) {
      askedFresh = true;
      answer = read(true);
    }
    return (answer ??= read(false));
  }

  async function newest(series: string): Promise<string | undefined> {
    const cached = (await cachedVersions(ctx.cacheDir, series)).map((c) => c.version);
    if (!seriesInfo(series)?.goModules) return cached[0]?.version;
    const got = await list();
    // Releases only: parseVersion would read `3.7.0-rc.0` as 3.7.0.
    const listed = isMiss(got) ? [] : got.versions.filter((v) => /^\d+\.\d+\.\d+$/.test(v)).map((v) => parseVersion(v)!);
    const best = [...cached, ...listed.filter((v) => v.series === series)].sort(compareVersionsDesc)[0]?.version;
    const why = isMiss(got) ? got.miss : got.behind;
    if (why && !told.has(series)) {
      told.add(series);
      const fallback = isMiss(got) ? `the newest ${series}.x in the cache${best ? ` (${best})` : ""} answers` : `using the list of ${got.checkedAt.slice(0, 10)}`;
      ctx.onProgress(`etcd ${series}: cannot read etcd's list of releases (${why}); ${fallback}, which may not be the newest release`);
    }
    return best;
  }

  return { newest, list };
}
