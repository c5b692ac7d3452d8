// An etcd on PATH of the wanted version, with etcdctl beside it or elsewhere on PATH.
import path from "node:path";
import { isExecutable } from "../cache.ts";
import type { FindingSource } from "../source.ts";
import { probeVersion } from "../version.ts";

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
    for (const dir of dirs) {
      const etcd = path.join(dir, "etcd");
      if (!(await isExecutable(etcd))) continue;
      const probe = await probeVersion(etcd);
      const v = probe.version;
      if (!v || (want.exact ? v.version !== want.exact : v.series !== want.series)) {
        seen.push(`${etcd} is ${v?.version ?? `unusable (${probe.error ?? probe.output})`}`);
        continue;
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
