// Downloads a real etcd release from Debian's archive into the cache: signed index → Packages →
// .deb files, each checked by SHA256, extracted with dpkg-deb, and moved into the cache by one
// rename of a complete dir. The caller holds the cache lock.
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { DEFAULT_MIRROR, SUITES, debianArch, etcdPackages, pickPair, releaseEntry, verifyInRelease, type DebPackage } from "./archive.ts";
import { downloadFile, fetchBytes } from "../../fetch-file.ts";
import { run } from "../../../../os/process.ts";
import { isExecutable, type CachedEtcd } from "../../cache.ts";
import { probeVersion } from "../../version.ts";
import { createHash } from "node:crypto";

export class VerifyError extends Error {}

export interface ProvisionOptions {
  series: string;
  /** The cache's binaries root (`<cacheDir>/etcd`), already writable. */
  root: string;
  signal: AbortSignal;
  mirror?: string;
  onProgress?: (line: string) => void;
}

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

async function findInSuite(o: ProvisionOptions, suite: string, arch: string): Promise<{ server: DebPackage; client: DebPackage } | undefined> {
  const mirror = o.mirror ?? DEFAULT_MIRROR;
  const inRelease = await fetchBytes(`${mirror}/dists/${suite}/InRelease`, o.signal);
  const release = await verifyInRelease(inRelease);
  if (!release.verified) {
    // Said out loud: the SHA256 chain below is then only as good as the unsigned InRelease.
    o.onProgress?.(`etcd ${o.series}: WARNING: Debian ${suite} InRelease signature NOT verified (${release.why}); relying on SHA256 sums only`);
  }
  const rel = `main/binary-${arch}/Packages.xz`;
  const entry = releaseEntry(release.text, rel);
  if (!entry) throw new VerifyError(`Debian ${suite} InRelease lists no ${rel}`);
  o.onProgress?.(`etcd ${o.series}: reading the Debian ${suite} package index (${mb(entry.size)})…`);
  const xz = await fetchBytes(`${mirror}/dists/${suite}/${rel}`, o.signal);
  if (sha256(xz) !== entry.sha256) throw new VerifyError(`Debian ${suite} ${rel}: SHA256 ${sha256(xz)} does not match InRelease's ${entry.sha256}`);
  return pickPair(await etcdPackages(xz), o.series);
}

async function fetchDeb(o: ProvisionOptions, pkg: DebPackage, suite: string, dir: string): Promise<string> {
  const file = path.join(dir, path.basename(pkg.filename));
  let shown = -1;
  const got = await downloadFile(`${o.mirror ?? DEFAULT_MIRROR}/${pkg.filename}`, file, o.signal, (percent) => {
    const step = Math.floor(percent / 25) * 25;
    if (step === shown) return;
    shown = step;
    o.onProgress?.(`etcd ${pkg.version.version}: downloading ${pkg.name} (${mb(pkg.size)}) from Debian ${suite}… ${step}%`);
  });
  if (got.size !== pkg.size || got.sha256 !== pkg.sha256) {
    throw new VerifyError(`${pkg.filename}: got ${got.size} bytes with SHA256 ${got.sha256}; Packages says ${pkg.size} bytes, ${pkg.sha256}`);
  }
  return file;
}

/** Downloads, verifies and installs the newest Debian etcd of `o.series`; returns its cache dir. */
export async function provisionFromDebian(o: ProvisionOptions): Promise<CachedEtcd> {
  const arch = debianArch();
  if (!arch) throw new VerifyError(`no Debian architecture known for ${process.arch}`);
  let pair: { server: DebPackage; client: DebPackage } | undefined;
  let suite = "";
  for (suite of SUITES[o.series] ?? []) {
    pair = await findInSuite(o, suite, arch);
    if (pair) break;
  }
  if (!pair) throw new VerifyError(`no etcd-server/etcd-client ${o.series}.x for ${arch} in Debian ${(SUITES[o.series] ?? []).join(", ") || "(no suite known)"}`);
  // Work dirs of this series can only be left over from a download that was killed: we hold the
  // series' lock, so nobody else is using one.
  const prefix = `.tmp-${o.series}-`;
  for (const name of await readdir(o.root)) if (name.startsWith(prefix)) await rm(path.join(o.root, name), { recursive: true, force: true });
  const work = await mkdtemp(path.join(o.root, prefix));
  try {
    const debs = await Promise.all([pair.server, pair.client].map((p) => fetchDeb(o, p, suite, work)));
    const tree = path.join(work, "tree");
    for (const deb of debs) {
      const r = await run("dpkg-deb", ["-x", deb, tree]);
      if (r.code !== 0) throw new VerifyError(`dpkg-deb -x ${path.basename(deb)} failed: ${r.error ?? r.stderr.trim()}`);
    }
    const version = pair.server.version.version;
    const staged = path.join(work, version);
    await mkdir(staged);
    for (const tool of ["etcd", "etcdctl", "etcdutl"]) {
      const from = path.join(tree, "usr", "bin", tool);
      if (await isExecutable(from)) {
        // Same file system (the work dir is inside the cache), so a rename, not a 40 MB copy.
        await rename(from, path.join(staged, tool));
      } else if (tool !== "etcdutl") throw new VerifyError(`${tool} is not in usr/bin of the Debian packages ${pair.server.debVersion}`);
    }
    const probe = await probeVersion(path.join(staged, "etcd"));
    if (probe.version?.version !== version) throw new VerifyError(`the downloaded etcd says "${probe.output || probe.error}", expected ${version}`);
    await writeFile(
      path.join(staged, "source.json"),
      JSON.stringify({ from: `Debian ${suite}`, packages: [pair.server, pair.client].map((p) => ({ name: p.name, version: p.debVersion, sha256: p.sha256 })), installedAt: new Date().toISOString() }, null, 2),
    );
    const target = path.join(o.root, version);
    // Atomic publish: readers see either no dir or a complete one. If another process won the
    // race (possible only without the lock), its dir is as good as ours.
    await rename(staged, target).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOTEMPTY" && error.code !== "EEXIST") throw error;
    });
    o.onProgress?.(`etcd ${version}: installed from Debian ${suite} (${pair.server.debVersion}) in ${target}`);
    return { dir: target, version: probe.version };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
