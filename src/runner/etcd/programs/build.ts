// A Go program built against etcd's modules at one version: go.etcd.io/etcd/server/v3 (embed),
// client/v3 and api/v3, as any program that embeds etcd or talks to it requires them. The go
// layer does the building and caching; this file picks the modules, the cache dir and the words.
import path from "node:path";
import { seriesInfo } from "../../../schema/series.ts";
import { GoBuildError } from "../../errors/index.ts";
import { buildProgram, findGo, moduleSet, noGoText, ProgramBuildError, vetProgram, type BuiltProgram, type GoDiagnostic, type GoToolchain } from "../../go/index.ts";
import { defaultCacheDir, parseVersion } from "../binary/index.ts";

/** The modules a program may import from, at the version under test. */
const MODULES = ["go.etcd.io/etcd/server/v3", "go.etcd.io/etcd/client/v3", "go.etcd.io/etcd/api/v3"];
/** A cold build compiles etcd's server packages: minutes on 2 cores; a warm one links in seconds. */
export const PROGRAM_BUILD_LIMIT_MS = 15 * 60_000;

export interface EtcdProgramOptions {
  /** e.g. `3.6.16`: the program is built against etcd's modules at exactly this version. */
  version: string;
  env?: NodeJS.ProcessEnv;
  /** The cache root (default `$ETCD_PLAYBOOKS_CACHE` or `~/.cache/etcd-playbooks`); programs go in `go-programs/`. */
  cacheDir?: string;
  timeoutMs?: number;
  onProgress?: (line: string) => void;
  /** Run `go vet` on it too (npm run check); its messages come back in `vet`. */
  vet?: boolean;
}

let toolchains = new Map<string, Promise<GoToolchain | undefined>>();

/** The Go toolchain for this environment, looked up once per process (`go version` costs a process). */
function toolchainFor(env: NodeJS.ProcessEnv): Promise<GoToolchain | undefined> {
  const key = `${env.PATH ?? ""}\0${env.GOROOT ?? ""}`;
  let found = toolchains.get(key);
  if (!found) {
    found = findGo(env);
    toolchains.set(key, found);
    found.catch(() => toolchains.delete(key));
  }
  return found;
}

/** Forgets the toolchains found (tests that change PATH or GOROOT between builds). */
export function forgetToolchains(): void {
  toolchains = new Map();
}

/** The module dir (go.mod, go.sum) that programs against etcd `version` are built in: for an editor. */
export async function etcdModuleDir(options: EtcdProgramOptions): Promise<string> {
  const { go, requires, env } = await prepare(options);
  const cacheDir = path.join(options.cacheDir ?? defaultCacheDir(env), "go-programs");
  const set = Object.entries(requires).sort(([a], [b]) => a.localeCompare(b)).map(([m, v]) => `${m}@${v}`); // as buildProgram keys it
  try {
    return await moduleSet(go, set, { cacheDir, env, timeoutMs: options.timeoutMs ?? PROGRAM_BUILD_LIMIT_MS, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  } catch (error) {
    if (!(error instanceof ProgramBuildError)) throw error;
    throw new GoBuildError("GO_BUILD_FAILED", `cannot fetch etcd's modules at v${options.version}: ${error.message}`, [], { details: error.output || undefined });
  }
}

/** The toolchain and the modules for a version, or the error a user reads. */
async function prepare(options: EtcdProgramOptions): Promise<{ go: GoToolchain; requires: Record<string, string>; env: NodeJS.ProcessEnv; v: NonNullable<ReturnType<typeof parseVersion>> }> {
  const env = options.env ?? process.env;
  const v = parseVersion(options.version);
  if (!v || !seriesInfo(v.series)?.goModules) {
    throw new GoBuildError("GO_BUILD_FAILED", `etcd ${options.version} has no Go modules to build against (go.etcd.io/etcd/server/v3 starts at 3.5)`, [], {
      hint: 'Limit the step to the versions it can run on: etcd=">=3.5".',
    });
  }
  let go: GoToolchain | undefined;
  try {
    go = await toolchainFor(env);
  } catch (error) {
    throw new GoBuildError("GO_NOT_FOUND", `the Go toolchain does not run: ${(error as Error).message}`);
  }
  if (!go) {
    throw new GoBuildError("GO_NOT_FOUND", `a go step needs Go, and this machine has ${noGoText(env)}`, [], {
      hint: "Install Go (https://go.dev/dl/), put it on PATH or set GOROOT; go steps are never skipped.",
    });
  }
  return { go, requires: Object.fromEntries(MODULES.map((m) => [m, `v${v.version}`])), env, v };
}

/** Builds (or finds in the cache) `source` against etcd `version`'s modules. */
export async function buildEtcdProgram(source: string, options: EtcdProgramOptions): Promise<BuiltProgram & { vet?: GoDiagnostic[] }> {
  const { go, requires, env, v } = await prepare(options);
  const timeoutMs = options.timeoutMs ?? PROGRAM_BUILD_LIMIT_MS;
  try {
    const built = await buildProgram(go, {
      source,
      requires,
      cacheDir: path.join(options.cacheDir ?? defaultCacheDir(env), "go-programs"),
      env,
      timeoutMs,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    return options.vet ? { ...built, vet: await vetProgram(go, built, { env, timeoutMs }) } : built;
  } catch (error) {
    if (!(error instanceof ProgramBuildError)) throw error;
    const details = error.output || undefined;
    if (error.kind === "compile") throw new GoBuildError("GO_COMPILE", "the program does not compile", error.diagnostics, { details });
    const what = error.kind === "modules" ? `cannot fetch etcd's modules at v${v.version}` : `cannot build the program against etcd ${v.version}`;
    throw new GoBuildError("GO_BUILD_FAILED", `${what}: ${error.message}`, [], { details });
  }
}
