// An etcd on PATH of the wanted version (for a series, its newest known patch release or a newer
// one), with etcdctl beside it or elsewhere on PATH.
import path from "node:path";
import { isExecutable } from "../cache.ts";
import type { FindingSource } from "../source.ts";
import type { EtcdVersion } from "../../../types.ts";
import { compareVersionsDesc, parseVersion, probeVersion } from "../version.ts";

async function which(name: string, dirs: string[]): Promise<string | undefined> {
  for (const dir of dirs) if (await isExecutable(path.join(dir, name))) return path.join(dir, name);
  return undefined;
}

export const onPath: FindingSource = {
  kind: "find",
  name: "PATH",
  async find(want, ctx) {
    const dirs = (ctx.env.PATH ?? "").split(path.delimiter).filter(Boolean);
    const seen: string[] = [];
    let newest: EtcdVersion | undefined | null = null;
    for (const dir of dirs) {
      const etcd = path.join(dir, "etcd");
      if (!(await isExecutable(etcd))) continue;
      const probe = await probeVersion(etcd);
      const v = probe.version;
      if (!v || (want.exact ? v.version !== want.exact : v.series !== want.series)) {
        seen.push(`${etcd} is ${v?.version ?? `unusable (${probe.error ?? probe.output})`}`);
        continue;
      }
      // A series means its newest patch release here as in the cache: an older one on PATH is passed over.
      if (!want.exact) {
        if (newest === null) newest = parseVersion((await ctx.releases.newest(want.series)) ?? "");
        if (newest && compareVersionsDesc(v, newest) > 0) {
          seen.push(`${etcd} is ${v.version}, not the newest ${want.series} release (${newest.version})`);
          continue;
        }
      }
      const etcdctl = (await isExecutable(path.join(dir, "etcdctl"))) ? path.join(dir, "etcdctl") : await which("etcdctl", dirs);
      if (!etcdctl) {
        seen.push(`${etcd} is ${v.version} but no etcdctl was found`);
        continue;
      }
      const etcdutl = (await isExecutable(path.join(dir, "etcdutl"))) ? path.join(dir, "etcdutl") : undefined;
      return { etcd, etcdctl, ...(etcdutl ? { etcdutl } : {}), version: v, source: "PATH", provenance: { source: "PATH", from: `PATH (${etcd})` } };
    }
    return { miss: seen.length > 0 ? seen.join("; ") : "no etcd" };
  },
};
