// The per-user cache (../cache.ts): the exact version asked for, or for a series its newest known
// release (../known-versions.ts) — never an older patch release that happens to be cached, so that
// `--etcd-version 3.6` means the same etcd on every machine that can tell what the newest is.
// Answers with the provenance recorded when the version was installed.
import { binariesIn, binariesRoot, cachedVersions, readProvenance } from "../cache.ts";
import type { FindingSource } from "../source.ts";

export const cache: FindingSource = {
  kind: "find",
  name: "cache",
  async find(want, ctx) {
    const have = await cachedVersions(ctx.cacheDir, want.series);
    const target = want.exact ?? (await ctx.releases.newest(want.series));
    const hit = have.find((c) => c.version.version === target);
    if (hit) return binariesIn(hit.dir, hit.version, "cache", await readProvenance(hit.dir));
    const root = binariesRoot(ctx.cacheDir);
    if (want.exact || have.length === 0 || !target) return { miss: `no ${want.exact ?? `${want.series}.x`} in ${root}` };
    return { miss: `has ${have.map((c) => c.version.version).join(", ")} in ${root}, but the newest ${want.series} release is ${target}` };
  },
};
