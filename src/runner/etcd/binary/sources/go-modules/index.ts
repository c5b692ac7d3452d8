// A build of etcd from its official Go modules with this machine's Go toolchain (./build.ts). The
// module proxy's list of go.etcd.io/etcd/server/v3 versions, read through the go command so that
// the machine's proxy settings apply, says which releases exist: this source also feeds the
// chain's list of releases (../../known-versions.ts), which makes a series its newest patch.
import { seriesInfo } from "../../../../../schema/series.ts";
import { findGo, moduleVersions, noGoText, type GoToolchain } from "../../../../go/index.ts";
import { isMiss, type InstallingSource, type Miss, type SourceContext } from "../../source.ts";
import { compareVersionsDesc, parseVersion } from "../../version.ts";
import { buildEtcd } from "./build.ts";

/** The module whose versions are etcd's releases (etcdctl/v3 and etcdutl/v3 are tagged with it). */
export const SERVER_MODULE = "go.etcd.io/etcd/server/v3";

const RELEASE = /^v(\d+\.\d+\.\d+)$/;

/** The toolchain found by plan(), for install() in this process. */
let planned: GoToolchain | undefined;

async function toolchain(ctx: Pick<SourceContext, "env">): Promise<GoToolchain | Miss> {
  try {
    const go = await findGo(ctx.env);
    if (go) return go;
    return { miss: `${noGoText(ctx.env)}; install Go to build etcd from its modules, or set ETCD_BIN to an etcd binary, or ETCD_PLAYBOOKS_RELEASES_URL to a mirror of etcd's releases` };
  } catch (error) {
    return { miss: (error as Error).message };
  }
}

export const goModules: InstallingSource = {
  kind: "install",
  name: "go",
  async listReleases(ctx) {
    const go = await toolchain(ctx);
    if (isMiss(go)) return go;
    const listed = await moduleVersions(go, SERVER_MODULE, { env: ctx.env, signal: ctx.signal });
    const versions = listed.flatMap((v) => RELEASE.exec(v)?.[1] ?? []);
    return { versions, from: `go list -m -versions ${SERVER_MODULE}` };
  },
  async plan(want, ctx) {
    if (!seriesInfo(want.series)?.goModules) return { miss: `etcd ${want.series} has no Go modules (${SERVER_MODULE} starts at 3.5)` };
    const go = await toolchain(ctx);
    if (isMiss(go)) return go;
    let list = await ctx.releases.list();
    // A release newer than the kept list (at most a day old) is asked for by name: look again.
    if (want.exact && !isMiss(list) && !list.versions.includes(want.exact)) list = await ctx.releases.list({ fresh: true });
    if (isMiss(list)) return { miss: `cannot read the module proxy's list of ${SERVER_MODULE}: ${list.miss}` };
    const ofSeries = list.versions.filter((v) => v.startsWith(`${want.series}.`));
    const newest = ofSeries.map((v) => parseVersion(v)!).sort(compareVersionsDesc)[0]?.version;
    if (want.exact && !ofSeries.includes(want.exact)) {
      return { miss: `the module proxy lists no ${SERVER_MODULE} v${want.exact}${newest ? ` (newest ${want.series} release: ${newest})` : ""}` };
    }
    if (!newest) return { miss: `the module proxy lists no ${want.series}.x release of ${SERVER_MODULE}` };
    planned = go;
    return { version: want.exact ?? newest };
  },
  async install(version, stage, ctx) {
    const go = planned ?? (await toolchain(ctx));
    if (isMiss(go)) throw new Error(go.miss);
    return buildEtcd(go, version, stage, ctx);
  },
};
