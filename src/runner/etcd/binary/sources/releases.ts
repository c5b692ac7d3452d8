// A mirror of etcd's official release archives, named by ETCD_PLAYBOOKS_RELEASES_URL, in etcd's
// own layout (GitHub's release downloads, storage.googleapis.com/etcd):
// `<url>/v3.6.14/etcd-v3.6.14-linux-amd64.tar.gz` beside `<url>/v3.6.14/SHA256SUMS`. The archive
// must match its line in SHA256SUMS before the system tar unpacks it. That catches a damaged or
// truncated download; it cannot vouch for a mirror that lies in both files, which is why the mirror
// is the user's explicit choice. A mirror has no index of versions, so a series asks it for the
// newest release known here (../known-versions.ts).
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { runProcess, toolFailure } from "../../../os/index.ts";
import { isExecutable } from "../cache.ts";
import { downloadFile, fetchBytes } from "../fetch-file.ts";
import { InstallError, type InstallingSource } from "../source.ts";

/** etcd's name for Node's `process.arch` in its Linux release archives. */
const ARCHES: Record<string, string> = { x64: "amd64", arm64: "arm64", ppc64: "ppc64le", s390x: "s390x" };

/** `etcd-v3.6.14-linux-amd64`: the archive's name without `.tar.gz`, and its top dir. */
export function releaseName(version: string, platform: string = process.platform, arch: string = process.arch): string | undefined {
  // etcd's macOS and Windows releases are zip files, and the runner runs on Linux only.
  return platform === "linux" && ARCHES[arch] ? `etcd-v${version}-linux-${ARCHES[arch]}` : undefined;
}

/** The hex SHA256 that a SHA256SUMS file (`<hex>  <name>`, `*<name>` in binary mode) gives `file`. */
export function sumFor(sums: string, file: string): string | undefined {
  for (const line of sums.split("\n")) {
    const m = /^([0-9a-f]{64})\s+\*?(\S+)\s*$/i.exec(line.trim());
    if (m && m[2] === file) return m[1]!.toLowerCase();
  }
  return undefined;
}

interface Planned {
  url: string;
  sumsUrl: string;
  sha256: string;
  name: string;
}
/** What plan() found, for install() of the same version in this process. */
const planned = new Map<string, Planned>();

function mirror(env: NodeJS.ProcessEnv): string | undefined {
  const url = env.ETCD_PLAYBOOKS_RELEASES_URL;
  if (!url) return undefined;
  if (!/^https?:\/\/[^/]/.test(url)) throw new InstallError("ETCD_DOWNLOAD_FAILED", `ETCD_PLAYBOOKS_RELEASES_URL=${url} is not an http:// or https:// URL`);
  return url.replace(/\/+$/, "");
}

export const releases: InstallingSource = {
  kind: "install",
  name: "releases",
  async plan(want, ctx) {
    const base = mirror(ctx.env);
    if (!base) return { miss: "ETCD_PLAYBOOKS_RELEASES_URL is not set" };
    const version = want.exact ?? (await ctx.releases.newest(want.series));
    if (!version)
      return { miss: `no ${want.series} release is known to ask ${base} for (the list comes from the Go module proxy, read with Go); ask for an exact version, e.g. --etcd-version ${want.series}.0` };
    const name = releaseName(version);
    if (!name) return { miss: `etcd publishes no Linux release archive for ${process.platform}/${process.arch}` };
    const sumsUrl = `${base}/v${version}/SHA256SUMS`;
    let sums: string;
    try {
      sums = (await fetchBytes(sumsUrl, ctx.signal)).toString("utf8");
    } catch (error) {
      return { miss: (error as Error).message };
    }
    const sha256 = sumFor(sums, `${name}.tar.gz`);
    if (!sha256) return { miss: `${sumsUrl} lists no ${name}.tar.gz` };
    planned.set(version, { url: `${base}/v${version}/${name}.tar.gz`, sumsUrl, sha256, name });
    return { version };
  },
  async install(version, stage, ctx) {
    const p = planned.get(version);
    if (!p) throw new InstallError("ETCD_DOWNLOAD_FAILED", `etcd ${version} was not planned from the releases mirror in this process`);
    const archive = path.join(stage, `${p.name}.tar.gz`);
    let shown = -1;
    const got = await downloadFile(p.url, archive, ctx.signal, (percent) => {
      const step = Math.floor(percent / 25) * 25;
      if (step === shown) return;
      shown = step;
      ctx.onProgress(`etcd ${version}: downloading ${p.url}… ${step}%`);
    });
    if (got.sha256 !== p.sha256) {
      throw new InstallError("ETCD_DOWNLOAD_FAILED", `${p.url}: SHA256 ${got.sha256} (${got.size} bytes) does not match ${p.sha256} in ${p.sumsUrl}`);
    }
    const tree = path.join(stage, "tree");
    await mkdir(tree);
    const failure = toolFailure("tar", await runProcess("tar", ["-xzf", archive, "-C", tree, "--no-same-owner"], { env: process.env, timeoutMs: 120_000 }));
    if (failure) throw new InstallError("ETCD_DOWNLOAD_FAILED", `unpacking ${p.name}.tar.gz: ${failure}`);
    for (const tool of ["etcd", "etcdctl", "etcdutl"]) {
      const from = path.join(tree, p.name, tool);
      if (await isExecutable(from)) await rename(from, path.join(stage, tool));
      // 3.4's archives hold no etcdutl; its etcdctl still has the offline commands.
      else if (tool !== "etcdutl") throw new InstallError("ETCD_DOWNLOAD_FAILED", `${p.name}.tar.gz holds no ${p.name}/${tool}`);
    }
    await Promise.all([tree, archive].map((f) => rm(f, { recursive: true, force: true })));
    return { from: p.url, sha256: { [`${p.name}.tar.gz`]: p.sha256 } };
  },
};
