// Which Go toolchain this machine has. The go command on PATH wins (a developer's own choice);
// otherwise the one Go's own settings point at: $GOROOT/bin/go when GOROOT is set, else the dir
// Go's official tarball installs to, so that a shell whose PATH lacks it (a CI step, an IDE's task
// runner) still finds the toolchain the machine has.
import { constants } from "node:fs";
import { access } from "node:fs/promises";
import path from "node:path";
import { runProcess } from "../os/index.ts";

export interface GoToolchain {
  /** The go command, e.g. `/usr/local/go/bin/go`. */
  go: string;
  /** `go1.26.8` */
  version: string;
  /** `go1.26.8 linux/amd64`: what `go version` says after its `go version ` prefix. */
  versionLine: string;
}

/**
 * Where go is when it is not on PATH. With GOROOT set only `$GOROOT/bin/go`: any other go would
 * compile against that GOROOT's standard library, a mismatch Go refuses.
 */
export function goOffPath(env: NodeJS.ProcessEnv): string {
  return env.GOROOT ? path.join(env.GOROOT, "bin", "go") : "/usr/local/go/bin/go";
}

const executable = (file: string) =>
  access(file, constants.X_OK).then(
    () => true,
    () => false,
  );

/** The go command on `env.PATH`, else at `goOffPath(env)`; undefined when there is none. */
export async function locateGo(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const onPath = (env.PATH ?? "")
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, "go"));
  for (const file of [...onPath, goOffPath(env)]) if (await executable(file)) return file;
  return undefined;
}

/** One line for a user without Go, e.g. in a list of what each source said. */
export function noGoText(env: NodeJS.ProcessEnv): string {
  return `no Go toolchain (go is not on PATH or at ${goOffPath(env)})`;
}

/**
 * The toolchain: its go command and what `go version` says. Undefined when there is no go command;
 * throws when one is there but does not run (a broken install is not the same as none).
 */
export async function findGo(env: NodeJS.ProcessEnv): Promise<GoToolchain | undefined> {
  const go = await locateGo(env);
  if (!go) return undefined;
  const r = await runProcess(go, ["version"], { env, timeoutMs: 30_000 });
  const m = /^go version (go\S+)(.*)$/m.exec(r.stdout);
  if (r.code !== 0 || !m) throw new Error(`${go} version failed: ${(r.output.trim() || `exit ${r.code ?? r.signal}`).split("\n").slice(-3).join(" / ")}`);
  return { go, version: m[1]!, versionLine: `${m[1]}${m[2]}`.trim() };
}

/** What `go env -json NAME…` says, e.g. `{ GOPROXY: "https://proxy.golang.org,direct" }`, for the record. */
export async function goEnv(toolchain: GoToolchain, names: readonly string[], env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const r = await runProcess(toolchain.go, ["env", "-json", ...names], { env, timeoutMs: 30_000 });
  if (r.code !== 0) throw new Error(`go env failed: ${r.stderr.trim().split("\n").slice(-3).join(" / ")}`);
  return JSON.parse(r.stdout) as Record<string, string>;
}
