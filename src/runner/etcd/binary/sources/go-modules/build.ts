// Building etcd, etcdctl and etcdutl of one version from etcd's official Go modules. The roots of
// go.etcd.io/etcd/server/v3, etcdctl/v3 and etcdutl/v3 are `package main`, but `go install
// module@version` refuses them: their go.mod files carry `replace` directives (to sibling dirs of
// etcd's repository). In a dependency those directives do not apply, so a small module of ours
// that requires the three at one version builds them as any program importing etcd would:
// `go get` resolves and checks every module (go.sum, the checksum database, as the machine's
// settings say) and `go build` compiles. go.sum then says exactly which etcd modules went in.
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { goEnv, goFailure, moduleSums, runGo, type GoToolchain } from "../../../../go/index.ts";
import { isExecutable } from "../../cache.ts";
import { InstallError, type Provenance, type SourceContext } from "../../source.ts";

/** Each tool, and the module whose root is its `package main`; go names the binary after the path. */
const TOOLS = [
  { tool: "etcd", module: "go.etcd.io/etcd/server/v3", built: "server" },
  { tool: "etcdctl", module: "go.etcd.io/etcd/etcdctl/v3", built: "etcdctl" },
  { tool: "etcdutl", module: "go.etcd.io/etcd/etcdutl/v3", built: "etcdutl" },
] as const;

/** Fetching the modules is ~100 MB the first time; generous, for a slow network. */
const FETCH_LIMIT_MS = 10 * 60_000;
/**
 * Measured on 2 cores: 10–30 s with a warm Go build cache, 1–3 min cold. Twenty minutes leaves
 * room for a machine busy with other work and still ends a build that hangs.
 */
const BUILD_LIMIT_MS = 20 * 60_000;
const HEARTBEAT_MS = 30_000;

/** `go.etcd.io/...`: the etcd project's modules (etcd's own, bbolt, raft), whose sums go into the record. */
const isEtcdModule = (modulePath: string) => modulePath.startsWith("go.etcd.io/");

async function go(toolchain: GoToolchain, args: string[], cwd: string, ctx: SourceContext, timeoutMs: number, code: InstallError["code"], what: string): Promise<void> {
  const r = await runGo(toolchain, args, { cwd, env: ctx.env, timeoutMs, signal: ctx.signal, isolated: true });
  const failure = goFailure(args, r);
  if (failure) throw new InstallError(code, `${what}: ${failure.summary}`, failure.lastLines || undefined);
}

/** Builds `version` into `stage` (etcd, etcdctl, etcdutl) and says how, for source.json. */
export async function buildEtcd(toolchain: GoToolchain, version: string, stage: string, ctx: SourceContext): Promise<Omit<Provenance, "source" | "installedAt">> {
  const dir = path.join(stage, "module");
  const bin = path.join(stage, "bin");
  await mkdir(dir);
  await writeFile(path.join(dir, "go.mod"), "module etcd-playbooks/build-etcd\n\ngo 1.22\n");
  const wanted = TOOLS.map((t) => `${t.module}@v${version}`);
  ctx.onProgress(`etcd ${version}: fetching etcd's Go modules (server, etcdctl, etcdutl v${version}) through the module proxy…`);
  await go(toolchain, ["get", ...wanted], dir, ctx, FETCH_LIMIT_MS, "ETCD_DOWNLOAD_FAILED", `fetching go.etcd.io/etcd modules v${version}`);

  const started = performance.now();
  ctx.onProgress(`etcd ${version}: building etcd, etcdctl and etcdutl with ${toolchain.version} (10–30 s with a warm Go build cache, a few minutes the first time)…`);
  const heartbeat = setInterval(() => ctx.onProgress(`etcd ${version}: still building (${Math.round((performance.now() - started) / 1000)} s)…`), HEARTBEAT_MS);
  try {
    await go(toolchain, ["build", "-o", `${bin}${path.sep}`, ...TOOLS.map((t) => t.module)], dir, ctx, BUILD_LIMIT_MS, "ETCD_BUILD_FAILED", `building etcd ${version}`);
  } finally {
    clearInterval(heartbeat);
  }
  for (const t of TOOLS) {
    const from = path.join(bin, t.built);
    if (!(await isExecutable(from))) throw new InstallError("ETCD_BUILD_FAILED", `go build left no ${t.built} for ${t.module}@v${version} in ${bin}`);
    await rename(from, path.join(stage, t.tool));
  }
  const sums = await moduleSums(path.join(dir, "go.sum"), isEtcdModule);
  const { GOPROXY } = await goEnv(toolchain, ["GOPROXY"], ctx.env);
  await Promise.all([dir, bin].map((d) => rm(d, { recursive: true, force: true })));
  ctx.onProgress(`etcd ${version}: built in ${Math.round((performance.now() - started) / 1000)} s`);
  return {
    from: `go.etcd.io/etcd/{server,etcdctl,etcdutl}/v3@v${version} built with ${toolchain.version} (GOPROXY=${GOPROXY})`,
    goVersion: toolchain.versionLine,
    moduleSums: sums,
  };
}
