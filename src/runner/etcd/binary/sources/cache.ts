// The per-user cache (../cache.ts): the exact version asked for, or the newest cached patch
// release of the series, answered with the provenance recorded when it was installed.
import { binariesIn, binariesRoot, findCached, readProvenance } from "../cache.ts";
import type { FindingSource } from "../source.ts";

export const cache: FindingSource = {
  kind: "find",
  name: "cache",
  async find(want, ctx) {
    const hit = await findCached(ctx.cacheDir, want);
    if (!hit) return { miss: `no ${want.exact ?? `${want.series}.x`} in ${binariesRoot(ctx.cacheDir)}` };
    return binariesIn(hit.dir, hit.version, "cache", await readProvenance(hit.dir));
  },
};
