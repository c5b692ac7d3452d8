// What the Go module proxy knows, asked through the go command so that the machine's GOPROXY,
// GONOPROXY, GOPRIVATE and network settings apply exactly as they do to a build; and what a
// module's go.sum says was used.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { goFailure } from "./failure.ts";
import { runGo } from "./run.ts";
import type { GoToolchain } from "./toolchain.ts";

export interface ModuleVersionsOptions {
  env: NodeJS.ProcessEnv;
  /** Default 60 s: one small request to the proxy, but a slow network deserves patience. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Every version of `module` the proxy lists, e.g. `["v3.6.0", "v3.6.1-rc.0", …]`, in the go
 * command's order (semver ascending). Run in an empty dir: inside some module, its requirements
 * and replacements would be consulted. Throws with the go command's own words when it fails.
 */
export async function moduleVersions(toolchain: GoToolchain, module: string, options: ModuleVersionsOptions): Promise<string[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "go-list-"));
  const args = ["list", "-m", "-versions", "-json", module];
  try {
    const r = await runGo(toolchain, args, { cwd: dir, env: options.env, timeoutMs: options.timeoutMs ?? 60_000, isolated: true, ...(options.signal ? { signal: options.signal } : {}) });
    const failure = goFailure(args, r, 3);
    if (failure) throw new Error(`go list -m -versions ${module}: ${failure.lastLines || failure.summary}`);
    const listed = JSON.parse(r.stdout) as { Versions?: string[] };
    return listed.Versions ?? [];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The `h1:` sums of the module zips a go.sum records (not the `/go.mod` ones), `path@version` → sum. */
export async function moduleSums(goSumFile: string, keep: (modulePath: string) => boolean = () => true): Promise<Record<string, string>> {
  const sums: Record<string, string> = {};
  for (const line of (await readFile(goSumFile, "utf8")).split("\n")) {
    const [mod, version, sum] = line.trim().split(/\s+/);
    if (!mod || !version || !sum || version.endsWith("/go.mod") || !keep(mod)) continue;
    sums[`${mod}@${version}`] = sum;
  }
  return sums;
}
