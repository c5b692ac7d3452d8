// Debian's archive: etcd-server and etcd-client packages of the series (3.4 in bookworm, 3.5 in
// trixie and sid — the series table says which), found through the signed InRelease → Packages →
// .deb SHA256 chain (archive.ts), unpacked with dpkg-deb into the staging dir.
import { createHash } from "node:crypto";
import { rename, rm } from "node:fs/promises";
import path from "node:path";
import { seriesInfo } from "../../../../../schema/series.ts";
import { runProcess, toolFailure } from "../../../../os/index.ts";
import { isExecutable } from "../../cache.ts";
import { downloadFile, fetchBytes, NetworkError } from "../../fetch-file.ts";
import { compareVersionsDesc, parseVersion } from "../../version.ts";
import { InstallError, isMiss, type InstallingSource, type SourceContext, type WantedEtcd } from "../../source.ts";
import { DEFAULT_MIRROR, debianArch, etcdPackages, pickPair, releaseEntry, verifyInRelease, type DebPackage } from "./archive.ts";

type Pair = { server: DebPackage; client: DebPackage; suite: string };

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const mirrorOf = (ctx: SourceContext) => ctx.env.ETCD_PLAYBOOKS_DEBIAN_MIRROR ?? DEFAULT_MIRROR;

/** Pairs found by plan(), for install() of the same version in this process. */
const planned = new Map<string, Pair>();

async function pairsInSuite(ctx: SourceContext, suite: string, arch: string, series: string): Promise<DebPackage[]> {
  const mirror = mirrorOf(ctx);
  const release = await verifyInRelease(await fetchBytes(`${mirror}/dists/${suite}/InRelease`, ctx.signal));
  if (!release.verified) {
    // Said out loud: the SHA256 chain below is then only as good as the unsigned InRelease.
    ctx.onProgress(`etcd ${series}: WARNING: Debian ${suite} InRelease signature NOT verified (${release.why}); relying on SHA256 sums only`);
  }
  const rel = `main/binary-${arch}/Packages.xz`;
  const entry = releaseEntry(release.text, rel);
  if (!entry) throw new InstallError("ETCD_DOWNLOAD_FAILED", `Debian ${suite} InRelease lists no ${rel}`);
  ctx.onProgress(`etcd ${series}: reading the Debian ${suite} package index (${mb(entry.size)})…`);
  const xz = await fetchBytes(`${mirror}/dists/${suite}/${rel}`, ctx.signal);
  if (sha256(xz) !== entry.sha256) throw new InstallError("ETCD_DOWNLOAD_FAILED", `Debian ${suite} ${rel}: SHA256 ${sha256(xz)} does not match InRelease's ${entry.sha256}`);
  return etcdPackages(xz);
}

async function fetchDeb(ctx: SourceContext, pkg: DebPackage, suite: string, dir: string): Promise<string> {
  const file = path.join(dir, path.basename(pkg.filename));
  let shown = -1;
  const got = await downloadFile(`${mirrorOf(ctx)}/${pkg.filename}`, file, ctx.signal, (percent) => {
    const step = Math.floor(percent / 25) * 25;
    if (step === shown) return;
    shown = step;
    ctx.onProgress(`etcd ${pkg.version.version}: downloading ${pkg.name} (${mb(pkg.size)}) from Debian ${suite}… ${step}%`);
  });
  if (got.size !== pkg.size || got.sha256 !== pkg.sha256) {
    throw new InstallError("ETCD_DOWNLOAD_FAILED", `${pkg.filename}: got ${got.size} bytes with SHA256 ${got.sha256}; Packages says ${pkg.size} bytes, ${pkg.sha256}`);
  }
  return file;
}

/**
 * Debian lags upstream (3.5.16 against 3.5.35): a run that gets a supported series from here is
 * told. (3.4 is end of life and Debian is its only source; nothing newer would be built.)
 */
async function sayIfBehind(version: string, series: string, ctx: SourceContext): Promise<void> {
  if (!seriesInfo(series)?.goModules) return;
  const newest = await ctx.releases.newest(series);
  if (newest && compareVersionsDesc(parseVersion(version)!, parseVersion(newest)!) > 0) {
    ctx.onProgress(`etcd ${series}: Debian has ${version}, not the newest ${series} release (${newest}); with Go the runner would build ${newest}`);
  } else if (isMiss(await ctx.releases.list())) {
    ctx.onProgress(`etcd ${series}: Debian has ${version}, which may not be the newest ${series} release (the runner reads etcd's list of releases with Go)`);
  }
}

export const debian: InstallingSource = {
  kind: "install",
  name: "debian",
  async plan(want: WantedEtcd, ctx) {
    const suites = seriesInfo(want.series)?.debianSuites ?? [];
    if (suites.length === 0) return { miss: `Debian packages no etcd ${want.series}` };
    const arch = debianArch();
    if (!arch) return { miss: `no Debian architecture known for ${process.arch}` };
    try {
      for (const suite of suites) {
        const packages = (await pairsInSuite(ctx, suite, arch, want.series)).filter((p) => !want.exact || p.version.version === want.exact);
        const pair = pickPair(packages, want.series);
        if (!pair) continue;
        planned.set(pair.server.version.version, { ...pair, suite });
        if (!want.exact) await sayIfBehind(pair.server.version.version, want.series, ctx);
        return { version: pair.server.version.version };
      }
    } catch (error) {
      if (error instanceof NetworkError) return { miss: error.message };
      throw error;
    }
    return { miss: `no etcd-server/etcd-client ${want.exact ?? `${want.series}.x`} for ${arch} in Debian ${suites.join(", ")}` };
  },
  async install(version, stage, ctx) {
    const pair = planned.get(version);
    if (!pair) throw new InstallError("ETCD_DOWNLOAD_FAILED", `etcd ${version} was not planned from Debian in this process`);
    const debs = await Promise.all([pair.server, pair.client].map((p) => fetchDeb(ctx, p, pair.suite, stage)));
    const tree = path.join(stage, "tree");
    for (const deb of debs) {
      const failure = toolFailure("dpkg-deb", await runProcess("dpkg-deb", ["-x", deb, tree], { env: process.env, timeoutMs: 120_000 }));
      if (failure) throw new InstallError("ETCD_DOWNLOAD_FAILED", `unpacking ${path.basename(deb)}: ${failure}`);
    }
    for (const tool of ["etcd", "etcdctl", "etcdutl"]) {
      const from = path.join(tree, "usr", "bin", tool);
      // Same file system (the stage is inside the cache), so a rename, not a 40 MB copy.
      if (await isExecutable(from)) await rename(from, path.join(stage, tool));
      else if (tool !== "etcdutl") throw new InstallError("ETCD_DOWNLOAD_FAILED", `${tool} is not in usr/bin of the Debian packages ${pair.server.debVersion}`);
    }
    await Promise.all([tree, ...debs].map((f) => rm(f, { recursive: true, force: true })));
    return {
      from: `Debian ${pair.suite} (etcd-server ${pair.server.debVersion})`,
      sha256: Object.fromEntries([pair.server, pair.client].map((p) => [path.basename(p.filename), p.sha256])),
    };
  },
};
