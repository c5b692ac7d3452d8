// ETCD_BIN: the binary a user names. When set it is the only answer: a wrong one is an error, not
// a reason to look elsewhere, so a run never silently tests another etcd than the one asked for.
import path from "node:path";
import { PlaybookError } from "../../../errors/index.ts";
import { binariesIn, isExecutable } from "../cache.ts";
import type { EtcdBinary, FindingSource, Miss, WantedEtcd } from "../source.ts";
import { probeVersion } from "../version.ts";

export const envBin: FindingSource = {
  kind: "find",
  name: "ETCD_BIN",
  async find(want: WantedEtcd, ctx): Promise<EtcdBinary | Miss> {
    const bin = ctx.env.ETCD_BIN;
    if (!bin) return { miss: "not set" };
    const etcd = path.resolve(bin);
    if (!(await isExecutable(etcd))) throw new PlaybookError("ETCD_NOT_FOUND", `ETCD_BIN=${bin} is not an executable file`, { hint: "Point ETCD_BIN at an etcd binary, or unset it to use the cache or a download." });
    const dir = path.dirname(etcd);
    if (!(await isExecutable(path.join(dir, "etcdctl")))) throw new PlaybookError("ETCD_NOT_FOUND", `ETCD_BIN=${bin}: no etcdctl beside it in ${dir}`, { hint: "Put etcdctl (and etcdutl, from 3.5) in the same directory as etcd." });
    const probe = await probeVersion(etcd);
    if (!probe.version) throw new PlaybookError("ETCD_NOT_FOUND", `ETCD_BIN=${bin}: \`etcd --version\` failed: ${probe.error ?? probe.output}`);
    const wanted = want.exact ?? `${want.series}.x`;
    if (want.exact ? probe.version.version !== want.exact : probe.version.series !== want.series) {
      throw new PlaybookError("ETCD_VERSION_MISMATCH", `ETCD_BIN=${bin} is etcd ${probe.version.version}, but this run wants ${wanted}`, {
        details: `$ ${etcd} --version\n${probe.output}`,
        hint: `Point ETCD_BIN at an etcd ${want.exact ?? want.series} binary, or unset it and let the runner provision one.`,
      });
    }
    const found = await binariesIn(dir, probe.version, "ETCD_BIN", { source: "ETCD_BIN", from: `ETCD_BIN=${bin}` });
    return { ...found, etcd };
  },
};
