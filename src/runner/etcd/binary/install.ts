// The half of provisioning every installing source shares: stage the binaries in a fresh dir
// inside the cache, check that they are the version planned, record where they came from
// (source.json), and publish the dir with one rename. A failure removes the staged dir, so the
// cache never holds a half-written version. The caller holds the series' lock (resolve.ts).
import { mkdtemp, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { PROVENANCE_FILE, binariesIn, isExecutable } from "./cache.ts";
import { InstallError, type EtcdBinary, type InstallingSource, type Provenance, type SourceContext } from "./source.ts";
import { probeVersion } from "./version.ts";

/** Removes staging dirs of `series` that an install killed half-way left; only the lock holder may. */
export async function clearStaging(root: string, series: string): Promise<void> {
  const prefix = `.tmp-${series}-`;
  for (const name of await readdir(root)) if (name.startsWith(prefix)) await rm(path.join(root, name), { recursive: true, force: true });
}

/** Installs `version` with `source` into the cache's binaries `root`. */
export async function installIntoCache(source: InstallingSource, version: string, series: string, root: string, ctx: SourceContext): Promise<EtcdBinary> {
  const stage = await mkdtemp(path.join(root, `.tmp-${series}-`));
  try {
    const recorded = await source.install(version, stage, ctx);
    for (const tool of ["etcd", "etcdctl"]) {
      if (!(await isExecutable(path.join(stage, tool)))) throw new InstallError("ETCD_DOWNLOAD_FAILED", `${source.name} left no executable ${tool} for etcd ${version}`);
    }
    const probe = await probeVersion(path.join(stage, "etcd"));
    if (probe.version?.version !== version) {
      throw new InstallError("ETCD_DOWNLOAD_FAILED", `the etcd that ${source.name} provided says "${probe.output || probe.error}", expected ${version}`);
    }
    const provenance: Provenance = { source: source.name, installedAt: new Date().toISOString(), ...recorded };
    await writeFile(path.join(stage, PROVENANCE_FILE), `${JSON.stringify(provenance, null, 2)}\n`);
    const target = path.join(root, version);
    // Atomic publish: readers see either no dir or a complete one. If another process won the
    // race (possible only without the lock), its dir is as good as ours.
    await rename(stage, target).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOTEMPTY" && error.code !== "EEXIST") throw error;
    });
    ctx.onProgress(`etcd ${version}: installed from ${provenance.from} in ${target}`);
    return binariesIn(target, probe.version, source.name, provenance);
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}
